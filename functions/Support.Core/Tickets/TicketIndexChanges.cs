using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Core.Tickets;

/// <summary>
/// What a ticket's save owes the two indexes beside it: the moments its SLA targets need the sweep
/// (entries not there before the change) and the workload row its owner or status moves. Worked
/// out from the ticket in hand, with no I/O, so the writer only has to write it.
/// </summary>
/// <param name="DueEntries">SLA due entries to add (the sweep checks each against its ticket, so a stale one costs a look and no action).</param>
/// <param name="Workload">The workload row to record; null when the save changes nobody's count or latest assignment.</param>
public sealed record TicketIndexChanges(IReadOnlyList<SlaDueEntry> DueEntries, WorkloadChange? Workload)
{
    /// <summary>
    /// Brings the SLA targets on <paramref name="ticket"/> up to date for the change just made to it (they are
    /// stored with it), and returns what the indexes need for the save.
    /// </summary>
    public static TicketIndexChanges Follow(StoredTicket stored, SlaEngine sla, DateTimeOffset now)
    {
        var ticket = stored.Ticket;
        var before = SlaDueEntries.For(ticket).ToHashSet();
        IReadOnlyList<SlaDueEntry> added = sla.Refresh(ticket, now)
            ? [.. SlaDueEntries.For(ticket).Where(e => !before.Contains(e))]
            : [];
        return new TicketIndexChanges(added, WorkloadOf(stored));
    }

    /// <summary>Whose active ticket (assigned and waiting on us) an ownership makes it.</summary>
    public static string? ActiveFor(TicketOwnership ownership) =>
        TicketStatusMachine.IsWaitingOnUs(ownership.Status) ? ownership.Assignee : null;

    private static WorkloadChange? WorkloadOf(StoredTicket stored)
    {
        var ticket = stored.Ticket;
        var before = stored.StoredOwnership;
        var after = ticket.Ownership;
        var activeBefore = before is null ? null : ActiveFor(before);
        var activeAfter = ActiveFor(after);
        var assigned = after is { Assignee: { } person, AssignedAt: { } at } && at != before?.AssignedAt
            ? new WorkloadAssignment(person, at)
            : null;

        // Closed is final, so closing always clears the owner's row for the ticket: whatever a failed save
        // between two statuses that count for nobody (Pending, Solved) left in the index goes here at the latest.
        var closing = after.Status == TicketStatus.Closed && before?.Status != TicketStatus.Closed;
        if (activeBefore == activeAfter && assigned is null && !closing)
        {
            return null;
        }

        var noLongerActiveFor = closing ? before?.Assignee ?? after.Assignee : activeBefore;
        return new WorkloadChange(ticket.Reference, noLongerActiveFor == activeAfter ? null : noLongerActiveFor, activeAfter, assigned)
        {
            Cap = assigned is not null && activeAfter == assigned.PersonId && activeAfter != activeBefore ? stored.AssignedWithinCap : null,
        };
    }
}
