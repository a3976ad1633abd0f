using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Assignment;

/// <summary>The starter policy: whoever is on duty for the ticket's role owns it.</summary>
public sealed class OnDutyAssignmentPolicy : IAssignmentPolicy
{
    public Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var role = Routing.RoleFor(ticket.Category);
        var person = OnDuty.For(roster, role, now);
        return Task.FromResult(person is null
            ? null
            : new AssignmentDecision(person, $"on duty for {WireNames.Of(role)}"));
    }
}
