using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Assignment;

/// <summary>
/// Wraps the ticket store so the workload index follows every save that changes whose active
/// ticket it is or makes an assignment, whichever handler made it; other saves (mail records,
/// notes, SLA) cost the index nothing. The index is written before the ticket: written after, a
/// crash in between would leave it behind with nothing to bring it up to date. A save that then
/// loses to another (or a create that finds the ticket there) puts the stored ticket's row back at
/// the cost of one read; one that fails for an outage leaves the index ahead until the ticket's next
/// change of owner or status, or its closing, at the latest.
/// </summary>
public sealed class WorkloadTrackingTicketStore(ITicketStore inner, IWorkloadIndex index) : TicketStoreDecorator(inner)
{
    public override async Task<TicketCreation> CreateAsync(Ticket ticket, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        var written = await TrackAsync(ticket, cancellationToken);
        var creation = await Inner.CreateAsync(ticket, whileInquiryStored, cancellationToken);
        if (creation != TicketCreation.Created)
        {
            // A redelivery, which may have chosen another owner than the delivery that stored the ticket; or no ticket at all.
            await RestoreAsync(ticket.Reference, written, cancellationToken);
        }

        return creation;
    }

    public override async Task SaveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var written = await TrackAsync(ticket, cancellationToken);
        try
        {
            await Inner.SaveAsync(ticket, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await RestoreAsync(ticket.Reference, written, cancellationToken);
            throw;
        }
    }

    /// <summary>The row just written is for a state that was never stored: the stored ticket's goes back in its place.</summary>
    private async Task RestoreAsync(string reference, WorkloadChange? written, CancellationToken cancellationToken)
    {
        if (written is null)
        {
            return;
        }

        var actual = await Inner.GetAsync(reference, cancellationToken) is { } stored ? ActiveFor(stored.Ownership) : null;
        await index.RecordAsync(new WorkloadChange(reference, written.ActiveFor == actual ? null : written.ActiveFor, actual, null), cancellationToken);
    }

    private async Task<WorkloadChange?> TrackAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var change = ChangeOf(ticket);
        if (change is not null)
        {
            await index.RecordAsync(change, cancellationToken);
        }

        return change;
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
