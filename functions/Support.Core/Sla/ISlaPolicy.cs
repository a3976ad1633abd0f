using Support.Core.Domain;

namespace Support.Core.Sla;

/// <summary>A target's due time, and how to say it to a customer ("within 1 hour").</summary>
public sealed record SlaDue(string Target, DateTimeOffset Due, string Promise);

/// <summary>The first-response target of a ticket, for acknowledgement and staff mail; <see cref="SlaEngine"/> implements it from the policy file.</summary>
public interface ISlaPolicy
{
    SlaDue FirstResponse(Ticket ticket);
}
