using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Core.Tickets;

/// <summary>
/// The one way a ticket is written. Every write does the same three things, in this order: the SLA
/// due entries the change adds, then the workload row it moves (<see cref="TicketIndexChanges"/>),
/// then the ticket itself, guarded by its ETag. The indexes go first because written after, a crash
/// in between would leave them behind with nothing to bring them up to date; written first, an SLA
/// entry that outlives a failed save costs the sweep one look, and a workload row for a state never
/// stored (a lost race, a create that found the ticket there) is put back from the stored ticket at
/// the cost of one read. A save that fails for an outage leaves the workload ahead until the ticket's
/// next change of owner or status, or its closing, at the latest. Once the ticket is stored, the events the team chat
/// shows are queued for it (<see cref="Chat.ChatFeed"/>; nothing while Slack is off); a new ticket's, owed like its
/// mails, again by every create that finds the ticket stored already.
/// </summary>
public sealed class TicketWriter(ITicketStore store, SlaEngine sla, ISlaDueIndex dueIndex, IWorkloadIndex workload, TimeProvider time, Chat.ChatFeed? chat = null)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Creates the ticket with its timeline (see <see cref="ITicketStore.CreateAsync"/>), with the index
    /// changes <see cref="TicketIndexChanges.Follow"/> gives for it. Throws <see cref="WorkloadCapReachedException"/>,
    /// having stored no ticket, when its owner was chosen under a cap they have reached since.
    /// </summary>
    public Task<TicketCreation> CreateAsync(StoredTicket ticket, bool whileInquiryStored, CancellationToken cancellationToken) =>
        CreateAsync(ticket, TicketIndexChanges.Follow(ticket, sla, time.GetUtcNow()), whileInquiryStored, cancellationToken);

    /// <summary>Creates a ticket whose index changes were decided with it (<see cref="TicketDecisions.Open"/>).</summary>
    public async Task<TicketCreation> CreateAsync(StoredTicket ticket, TicketIndexChanges changes, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        await WriteIndexesAsync(changes, cancellationToken);
        var creation = await store.CreateAsync(ticket, whileInquiryStored, cancellationToken);
        if (creation == TicketCreation.Created)
        {
            if (chat is not null)
            {
                await chat.NewTicketAsync(ticket.Ticket, cancellationToken);
            }

            return creation;
        }

        // A redelivery, which may have chosen another owner than the delivery that stored the ticket; or no ticket at all.
        var stored = await store.GetAsync(ticket.Reference, cancellationToken);
        await RestoreWorkloadAsync(ticket.Reference, changes.Workload, stored, cancellationToken);
        if (stored is not null && chat is not null)
        {
            // The delivery that stored it may have died before queueing its stream post: the stream's record posts it once.
            await chat.NewTicketAsync(stored, cancellationToken);
        }

        return creation;
    }

    /// <summary>Creates the ticket with its timeline; false when it exists already.</summary>
    public async Task<bool> TryCreateAsync(StoredTicket ticket, CancellationToken cancellationToken) =>
        await CreateAsync(ticket, whileInquiryStored: false, cancellationToken) == TicketCreation.Created;

    /// <inheritdoc cref="TryCreateAsync(StoredTicket, CancellationToken)"/>
    public Task<bool> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken) =>
        TryCreateAsync(StoredTicket.New(ticket), cancellationToken);

    /// <summary>
    /// Saves the ticket's state and its new timeline events together, only if nobody changed the
    /// ticket since it was loaded, nor took the last place under the cap of the owner it was assigned
    /// for being under it; otherwise throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public async Task SaveAsync(StoredTicket ticket, CancellationToken cancellationToken)
    {
        var changes = TicketIndexChanges.Follow(ticket, sla, time.GetUtcNow());
        var newEvents = ticket.NewEvents;
        try
        {
            await WriteIndexesAsync(changes, cancellationToken);
        }
        catch (WorkloadCapReachedException)
        {
            // The owner chosen for being under their cap reached it since their load was read: like any
            // other change made meanwhile, the caller loads and decides again.
            throw new ConcurrencyConflictException(ticket.Reference);
        }

        try
        {
            await store.SaveAsync(ticket, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            if (changes.Workload is not null)
            {
                await RestoreWorkloadAsync(ticket.Reference, changes.Workload, await store.GetAsync(ticket.Reference, cancellationToken), cancellationToken);
            }

            throw;
        }

        if (chat is not null)
        {
            await chat.FollowAsync(ticket.Ticket, newEvents, created: false, cancellationToken);
        }
    }

    /// <summary>
    /// Loads a ticket, applies <paramref name="change"/> and saves it; when someone else saved in
    /// between, loads again and re-applies, so no concurrent update is lost. The change returns
    /// false when there is nothing to do (already done on redelivery).
    /// </summary>
    public Task<StoredTicket?> UpdateAsync(string reference, Func<StoredTicket, bool> change, CancellationToken cancellationToken) =>
        UpdateAsync(reference, (ticket, _) => Task.FromResult(change(ticket)), cancellationToken);

    /// <summary>
    /// Like <see cref="UpdateAsync(string, Func{StoredTicket, bool}, CancellationToken)"/>, but tries the
    /// ticket already in hand first and reloads only on a conflict, saving a read.
    /// </summary>
    public async Task<StoredTicket?> UpdateAsync(StoredTicket loaded, Func<StoredTicket, bool> change, CancellationToken cancellationToken)
    {
        if (!change(loaded))
        {
            return loaded;
        }

        try
        {
            await SaveAsync(loaded, cancellationToken);
            return loaded;
        }
        catch (ConcurrencyConflictException)
        {
            return await UpdateAsync(loaded.Reference, change, cancellationToken);
        }
    }

    /// <inheritdoc cref="UpdateAsync(string, Func{StoredTicket, bool}, CancellationToken)"/>
    public async Task<StoredTicket?> UpdateAsync(string reference, Func<StoredTicket, CancellationToken, Task<bool>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await store.LoadAsync(reference, cancellationToken);
            if (ticket is null)
            {
                return null;
            }

            if (!await change(ticket, cancellationToken))
            {
                return ticket;
            }

            try
            {
                await SaveAsync(ticket, cancellationToken);
                return ticket;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt * Random.Shared.Next(1, 4)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records on the ticket what a send that already happened did. The mail has left, so giving up
    /// on a short storage outage would let a redelivery send it again once its claim lapses: the save
    /// is retried until <paramref name="within"/> has passed (callers pass less than their claim lease,
    /// so no redelivery can send while this is still trying), reloading the ticket each time.
    /// </summary>
    public async Task RecordAfterSendAsync(StoredTicket loaded, Func<StoredTicket, bool> change, TimeSpan within, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + within;
        var pause = TimeSpan.FromMilliseconds(250);
        try
        {
            await UpdateAsync(loaded, change, cancellationToken);
            return;
        }
        catch (StorageUnavailableException) when (time.GetUtcNow() + pause < giveUpAt)
        {
            // The copy in hand carries the change already but was not saved: from here on, start from the store.
        }

        while (true)
        {
            await Task.Delay(pause, time, cancellationToken);
            try
            {
                await UpdateAsync(loaded.Reference, change, cancellationToken);
                return;
            }
            catch (StorageUnavailableException) when (time.GetUtcNow() + pause < giveUpAt)
            {
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private async Task WriteIndexesAsync(TicketIndexChanges changes, CancellationToken cancellationToken)
    {
        if (changes.DueEntries.Count > 0)
        {
            await dueIndex.AddAsync(changes.DueEntries, cancellationToken);
        }

        if (changes.Workload is { } row)
        {
            await workload.RecordAsync(row, cancellationToken);
        }
    }

    /// <summary>The row just written is for a state that was never stored: the stored ticket's goes back in its place.</summary>
    private async Task RestoreWorkloadAsync(string reference, WorkloadChange? written, Ticket? stored, CancellationToken cancellationToken)
    {
        if (written is null)
        {
            return;
        }

        var actual = stored is not null ? TicketIndexChanges.ActiveFor(stored.Ownership) : null;
        await workload.RecordAsync(new WorkloadChange(reference, written.ActiveFor == actual ? null : written.ActiveFor, actual, null), cancellationToken);
    }
}
