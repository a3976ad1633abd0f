using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Assignment;

public sealed record AssignmentDecision(Person Person, string Reason);

public interface IAssignmentPolicy
{
    /// <summary>Chooses an owner for the ticket; null only when the roster has nobody at all for the role.</summary>
    Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken);
}

public static class Routing
{
    /// <summary>Technical problems go to technical support; everything else starts with first level.</summary>
    public static SupportRole RoleFor(Category category) =>
        category == Category.Technical ? SupportRole.Technical : SupportRole.FirstLevel;
}
