using Support.Core.Domain;

namespace Support.Core.Ports;

public static class TicketUpdates
{
    private const int MaxAttempts = 5;

    /// <summary>Creates the ticket with its timeline; false when it exists already.</summary>
    public static async Task<bool> TryCreateAsync(this ITicketStore store, Ticket ticket, CancellationToken cancellationToken) =>
        await store.CreateAsync(ticket, whileInquiryStored: false, cancellationToken) == TicketCreation.Created;

    /// <summary>
    /// Loads a ticket, applies <paramref name="change"/> and saves it; when someone else saved in
    /// between, loads again and re-applies, so no concurrent update is lost. The change returns
    /// false when there is nothing to do (already done on redelivery).
    /// </summary>
    public static Task<Ticket?> UpdateAsync(
        this ITicketStore store,
        string reference,
        Func<Ticket, bool> change,
        CancellationToken cancellationToken)
        => store.UpdateAsync(reference, (ticket, _) => Task.FromResult(change(ticket)), cancellationToken);

    /// <summary>
    /// Like <see cref="UpdateAsync(ITicketStore, string, Func{Ticket, bool}, CancellationToken)"/>, but
    /// tries the ticket already in hand first and reloads only on a conflict, saving a read.
    /// </summary>
    public static async Task<Ticket?> UpdateAsync(
        this ITicketStore store,
        Ticket loaded,
        Func<Ticket, bool> change,
        CancellationToken cancellationToken)
    {
        if (!change(loaded))
        {
            return loaded;
        }

        try
        {
            await store.SaveAsync(loaded, cancellationToken);
            return loaded;
        }
        catch (ConcurrencyConflictException)
        {
            return await store.UpdateAsync(loaded.Reference, change, cancellationToken);
        }
    }

    /// <inheritdoc cref="UpdateAsync(ITicketStore, string, Func{Ticket, bool}, CancellationToken)"/>
    public static async Task<Ticket?> UpdateAsync(
        this ITicketStore store,
        string reference,
        Func<Ticket, CancellationToken, Task<bool>> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await store.GetAsync(reference, cancellationToken);
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
                await store.SaveAsync(ticket, cancellationToken);
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
    public static async Task RecordAfterSendAsync(
        this ITicketStore store,
        Ticket loaded,
        Func<Ticket, bool> change,
        TimeProvider time,
        TimeSpan within,
        CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + within;
        var pause = TimeSpan.FromMilliseconds(250);
        try
        {
            await store.UpdateAsync(loaded, change, cancellationToken);
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
                await store.UpdateAsync(loaded.Reference, change, cancellationToken);
                return;
            }
            catch (StorageUnavailableException) when (time.GetUtcNow() + pause < giveUpAt)
            {
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }
}
