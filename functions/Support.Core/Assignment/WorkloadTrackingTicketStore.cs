using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Assignment;

/// <summary>
/// Wraps the ticket store so the workload index follows every save that changes whose active
/// ticket it is or makes an assignment, whichever handler made it; other saves (mail records,
/// notes, SLA) cost the index nothing. The index is written before the ticket: a save that then
/// fails leaves it ahead, and the ticket's next change of ownership writes its row again, whereas
/// written after, a crash in between would leave it behind with nothing to bring it up to date.
/// </summary>
public sealed class WorkloadTrackingTicketStore(ITicketStore inner, IWorkloadIndex index) : TicketStoreDecorator(inner)
{
    public override async Task<bool> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var tracked = await TrackAsync(ticket, cancellationToken);
        if (await Inner.TryCreateAsync(ticket, cancellationToken))
        {
            return true;
        }

        // The ticket was stored already (a redelivery, which may have chosen another owner): the row just
        // written is for a copy that will never be stored, so the stored ticket's own goes back.
        if (tracked && await Inner.GetAsync(ticket.Reference, cancellationToken) is { } stored)
        {
            var phantom = ActiveFor(ticket.Ownership);
            var actual = ActiveFor(stored.Ownership);
            await index.RecordAsync(new WorkloadChange(stored.Reference, phantom == actual ? null : phantom, actual, null), cancellationToken);
        }

        return false;
    }

    public override async Task SaveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        await TrackAsync(ticket, cancellationToken);
        await Inner.SaveAsync(ticket, cancellationToken);
    }

    private async Task<bool> TrackAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (ChangeOf(ticket) is not { } change)
        {
            return false;
        }

        await index.RecordAsync(change, cancellationToken);
        return true;
    }

    private static WorkloadChange? ChangeOf(Ticket ticket)
    {
        var before = ticket.StoredOwnership;
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
        return new WorkloadChange(ticket.Reference, noLongerActiveFor == activeAfter ? null : noLongerActiveFor, activeAfter, assigned);
    }

    private static string? ActiveFor(TicketOwnership ownership) =>
        TicketStatusMachine.IsWaitingOnUs(ownership.Status) ? ownership.Assignee : null;
}
