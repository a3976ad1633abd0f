using System.Text.Json;
using System.Text.Json.Serialization;

namespace Support.Core.Triage.Policy;

/// <summary>
/// The triage policy as written in <c>triage-policy.json</c>. Wire names (category, severity,
/// channel) stay strings here so validation can name the offending value instead of failing in
/// the JSON reader. Settable rather than init-only: the JSON source generator would otherwise
/// overwrite the defaults of absent properties with null.
/// </summary>
public sealed class TriagePolicyDocument
{
    public int Version { get; set; }

    /// <summary>Chosen when no category rule fires.</summary>
    public string? DefaultCategory { get; set; }

    /// <summary>Text removed before matching, such as quoted earlier messages in a reply.</summary>
    public List<string> IgnorePatterns { get; set; } = [];

    /// <summary>
    /// Words that cancel a rule's match when they come right before it ("no", "not a", "nothing is"),
    /// so "no data loss" or "not urgent" do not count as data loss or urgency. Matched against the
    /// few words just before each match; write only the negating words, not an end anchor.
    /// </summary>
    public string? NegationPattern { get; set; }

    /// <summary>Per-channel rewrites that undo what a channel does to text (transcription, for one).</summary>
    public List<ChannelDocument> Channels { get; set; } = [];

    /// <summary>In order: on equal scores the earlier category wins.</summary>
    public List<CategoryDocument> Categories { get; set; } = [];

    public SeverityDocument Severity { get; set; } = new();

    /// <summary>Extra severity weight when an inquiry has a given channel, tier or attribute.</summary>
    public List<AdjustmentDocument> Adjustments { get; set; } = [];
}

public sealed class ChannelDocument
{
    public string? Channel { get; set; }

    public List<RewriteDocument> Rewrites { get; set; } = [];
}

public sealed class RewriteDocument
{
    public string? Pattern { get; set; }

    public string Replacement { get; set; } = "";
}

public sealed class CategoryDocument
{
    public string? Category { get; set; }

    public List<RuleDocument> Rules { get; set; } = [];
}

/// <summary>
/// Fires when any phrase or the pattern matches. Phrases match whole words; a trailing <c>*</c>
/// also matches longer words (<c>crash*</c>: crashed, crashes).
/// </summary>
public sealed class RuleDocument
{
    public string? Id { get; set; }

    public List<string> Phrases { get; set; } = [];

    public string? Pattern { get; set; }

    public double Weight { get; set; }

    /// <summary>Only for these channels; empty means every channel.</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>Severity rules only: only when the chosen category is one of these; empty means any.</summary>
    public List<string> Categories { get; set; } = [];
}

public sealed class SeverityDocument
{
    /// <summary>S1 then S2: the most severe level whose score reaches its threshold wins.</summary>
    public List<SeverityLevelDocument> Levels { get; set; } = [];

    /// <summary>The severity a category starts from before any severity rule (technical problems start at S2).</summary>
    public Dictionary<string, string> CategoryBaseline { get; set; } = [];

    /// <summary>Limits that override scores: a test environment is never S1, a typo never above S3.</summary>
    public List<CapDocument> Caps { get; set; } = [];

    /// <summary>Weight the submitter's own choice adds to the level they chose.</summary>
    public double DeclaredSeverityWeight { get; set; }
}

public sealed class SeverityLevelDocument
{
    public string? Severity { get; set; }

    public double Threshold { get; set; }

    public List<RuleDocument> Rules { get; set; } = [];
}

public sealed class CapDocument
{
    public string? Id { get; set; }

    /// <summary>The most severe level allowed when the cap applies.</summary>
    public string? CapAt { get; set; }

    public List<string> Phrases { get; set; } = [];

    public string? Pattern { get; set; }

    /// <summary>The cap does not apply when this matches (e.g. "not the test one").</summary>
    public string? UnlessPattern { get; set; }

    public List<string> Categories { get; set; } = [];
}

public sealed class AdjustmentDocument
{
    public string? Id { get; set; }

    public string? Channel { get; set; }

    public string? Tier { get; set; }

    /// <summary>Every attribute here must be present with this value (case-insensitive).</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>Extra weight per severity level, e.g. <c>{"S1": 1}</c>.</summary>
    public Dictionary<string, double> Severity { get; set; } = [];
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TriagePolicyDocument))]
internal sealed partial class TriagePolicyJson : JsonSerializerContext;
