using System.Text.Json.Serialization;
using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Sla;

/// <summary>The SLA policy file (<c>Sla/sla-policy.json</c>, or the file named by <c>Sla__PolicyPath</c>).</summary>
public sealed class SlaPolicyDocument
{
    public int Version { get; set; } = 1;

    public string? Comment { get; set; }

    /// <summary>Every New ticket must be acknowledged by a person before the close of the business day it arrived on.</summary>
    public bool AcknowledgeByEndOfBusinessDay { get; set; } = true;

    public List<SlaTierDocument> Tiers { get; set; } = [];

    /// <summary>Calendars besides the voice regions' (same names replace a region's business hours for SLAs).</summary>
    public List<SlaCalendarDocument> Calendars { get; set; } = [];

    public List<SlaRuleDocument> Rules { get; set; } = [];
}

/// <summary>A customer tier, recognised by the requester's email domain (or a subdomain of it).</summary>
public sealed class SlaTierDocument
{
    public string Name { get; set; } = "";

    public List<string> Domains { get; set; } = [];
}

public sealed class SlaCalendarDocument
{
    public string Name { get; set; } = "";

    public string TimeZone { get; set; } = "UTC";

    public List<WorkingHours> Hours { get; set; } = [];

    /// <summary>Local dates (yyyy-MM-dd) closed all day.</summary>
    public List<DateOnly> Holidays { get; set; } = [];
}

public sealed class SlaRuleDocument
{
    public string Id { get; set; } = "";

    public SlaMatchDocument Match { get; set; } = new();

    public string? FirstResponse { get; set; }

    public string? NextResponse { get; set; }

    public string? Resolution { get; set; }
}

public sealed class SlaMatchDocument
{
    public List<Severity> Severity { get; set; } = [];

    public List<Category> Category { get; set; } = [];

    public List<string> Tier { get; set; } = [];
}

[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SlaPolicyDocument))]
internal sealed partial class SlaPolicyJson : JsonSerializerContext;
