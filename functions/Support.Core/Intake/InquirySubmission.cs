using Support.Core.Domain;

namespace Support.Core.Intake;

/// <summary>What a channel hands to intake: a normalized inquiry that has no reference yet.</summary>
public sealed record InquirySubmission
{
    public required Channel Channel { get; init; }
    public required Requester Requester { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }

    /// <summary>One inquiry per key: a retry with the same key gets the same reference back.</summary>
    public required string DedupeKey { get; init; }

    public Severity? DeclaredSeverity { get; init; }
    public string? Product { get; init; }
    public string? Region { get; init; }

    /// <summary>The language the customer asked to be answered in, as they declared it (a language tag or an <c>Accept-Language</c> list); null when they did not say.</summary>
    public string? Language { get; init; }
    public IReadOnlyList<string> Participants { get; init; } = [];
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

public sealed record IntakeResult(string Reference, bool Duplicate);
