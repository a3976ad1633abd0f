using System.Text.Json.Serialization;
using Support.Core.Domain;

namespace Support.Core.Roster;

/// <summary>
/// The support team: who they are, when they work, and the rotations that put one person of each
/// role on duty. Members with defaults have setters rather than init: the source-generated JSON
/// reader sets every init member, so an omitted one would lose its default.
/// </summary>
public sealed record RosterDocument
{
    public IReadOnlyList<Person> People { get; set; } = [];

    public IReadOnlyList<Rotation> Rotations { get; set; } = [];

    public Person? Find(string? personId) =>
        personId is null ? null : People.FirstOrDefault(p => string.Equals(p.Id, personId, StringComparison.OrdinalIgnoreCase));

    public Person? FindBySlackUser(string? slackUserId) =>
        string.IsNullOrEmpty(slackUserId) ? null : People.FirstOrDefault(p => string.Equals(p.SlackUserId, slackUserId, StringComparison.Ordinal));

    public Person? FindByEmail(string? email) =>
        email is null ? null : People.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
}

public sealed record Person
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<SupportRole> Roles { get; set; } = [];

    /// <summary>IANA time zone of the person's working hours.</summary>
    public string TimeZone { get; set; } = "UTC";

    public IReadOnlyList<WorkingHours> WorkingHours { get; set; } = [];

    public int MaxActiveTickets { get; set; } = 5;

    /// <summary>The region (regions.json) whose holidays the person keeps; when not set, the region in the person's time zone, if any.</summary>
    public string? Region { get; init; }

    /// <summary>The person's Slack member id (<c>U…</c>): who they are when they click a button in Slack, and where their direct messages go.</summary>
    public string? SlackUserId { get; init; }

    /// <summary>How the person signs their replies to customers (several lines allowed); their name when not set.</summary>
    public string? Signature { get; init; }
}

/// <summary>
/// One stretch of work starting on a weekday, in the person's time zone; several per day make a
/// split shift. An <see cref="End"/> at or before <see cref="Start"/> runs overnight into the next
/// day (<c>22:00</c>–<c>06:00</c>, or <c>18:00</c>–<c>00:00</c> for "until midnight").
/// </summary>
public sealed record WorkingHours(
    DayOfWeek Day,
    [property: JsonConverter(typeof(HourMinuteJsonConverter))] TimeOnly Start,
    [property: JsonConverter(typeof(HourMinuteJsonConverter))] TimeOnly End)
{
    [JsonIgnore]
    public bool IsOvernight => End <= Start;
}

/// <summary>
/// A rotation hands a role from one person to the next every <see cref="LengthDays"/> days, at
/// the wall-clock time of <see cref="Start"/> in <see cref="TimeZone"/> (so a handover stays at
/// 09:00 across daylight-saving changes).
/// </summary>
public sealed record Rotation
{
    public required SupportRole Role { get; init; }

    /// <summary>Local date and time of the first turn, in <see cref="TimeZone"/>.</summary>
    public required DateTime Start { get; init; }

    public string TimeZone { get; set; } = "UTC";

    public int LengthDays { get; set; } = 14;

    public IReadOnlyList<string> People { get; set; } = [];
}
