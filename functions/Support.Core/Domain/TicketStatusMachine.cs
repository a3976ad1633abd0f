namespace Support.Core.Domain;

/// <summary>
/// The allowed moves between ticket statuses. Closed is final: a customer who writes again
/// gets a follow-up ticket, so reporting on closed work never changes after the fact.
/// </summary>
public static class TicketStatusMachine
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.Solved],
        [TicketStatus.Open] = [TicketStatus.Pending, TicketStatus.Solved],
        [TicketStatus.Pending] = [TicketStatus.Open, TicketStatus.Solved],
        [TicketStatus.Solved] = [TicketStatus.Open, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<TicketStatus> NextFrom(TicketStatus from) => Allowed[from];

    /// <summary>Statuses in which the next move is ours: they count against an assignee's capacity.</summary>
    public static bool IsWaitingOnUs(TicketStatus status) => status is TicketStatus.New or TicketStatus.Open;
}
