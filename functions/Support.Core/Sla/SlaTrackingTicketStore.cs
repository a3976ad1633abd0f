using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Sla;

/// <summary>
/// Wraps the ticket store so every save keeps the SLA in step, whichever handler made the change
/// (triage, assignment, a staff or customer reply, a status change, a timer): the targets are
/// recomputed onto the ticket, and the moments they need the sweep go into the due index before
/// the ticket is written. Written first, an entry can outlive a save that failed; the sweep checks
/// every entry against its ticket, so such an entry costs one look and no action.
/// </summary>
public sealed class SlaTrackingTicketStore(ITicketStore inner, SlaEngine engine, ISlaDueIndex index, TimeProvider time) : TicketStoreDecorator(inner)
{
    public override async Task<TicketCreation> CreateAsync(Ticket ticket, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        await TrackAsync(ticket, cancellationToken);
        return await Inner.CreateAsync(ticket, whileInquiryStored, cancellationToken);
    }

    public override async Task SaveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        await TrackAsync(ticket, cancellationToken);
        await Inner.SaveAsync(ticket, cancellationToken);
    }

    private async Task TrackAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var before = SlaDueEntries.For(ticket).ToHashSet();
        if (!engine.Refresh(ticket, time.GetUtcNow()))
        {
            return;
        }

        var added = SlaDueEntries.For(ticket).Where(e => !before.Contains(e)).ToList();
        if (added.Count > 0)
        {
            await index.AddAsync(added, cancellationToken);
        }
    }
}
