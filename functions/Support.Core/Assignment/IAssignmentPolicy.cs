using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Assignment;

/// <summary>Who owns a ticket and why; <see cref="ManagerReason"/> says why the manager must hear of it, when they must.</summary>
public sealed record AssignmentDecision(Person Person, string Reason)
{
    public string? ManagerReason { get; init; }

    /// <summary>The person's cap when they were chosen for being under it; null when chosen whatever their load.</summary>
    public int? WithinCap { get; init; }

    public bool NotifyManager => ManagerReason is not null;
}

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
