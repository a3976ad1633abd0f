using Support.Core.Domain;

namespace Support.Core.Sla;

/// <summary>A target's due time, and how to say it to a customer ("within 1 hour").</summary>
public sealed record SlaDue(string Target, DateTimeOffset Due, string Promise);

public interface ISlaPolicy
{
    SlaDue FirstResponse(Ticket ticket);
}

/// <summary>
/// The starter targets in calendar time (S1 1 hour, S2 8 hours, S3 2 days), until the business
/// calendars and policy file take over.
/// </summary>
public sealed class StarterSlaPolicy : ISlaPolicy
{
    public SlaDue FirstResponse(Ticket ticket) => ticket.Severity switch
    {
        Severity.S1 => new SlaDue("first-response", ticket.CreatedAt.AddHours(1), "within 1 hour"),
        Severity.S2 => new SlaDue("first-response", ticket.CreatedAt.AddHours(8), "within 8 hours"),
        _ => new SlaDue("first-response", ticket.CreatedAt.AddDays(2), "within 2 days"),
    };
}
