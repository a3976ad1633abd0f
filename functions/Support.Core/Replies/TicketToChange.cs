using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Core.Replies;

/// <summary>Finds the ticket a staff change names, or the answer that says why there is none.</summary>
public static class TicketToChange
{
    public static async Task<(StoredTicket? Ticket, TicketChangeResult? Missing)> LoadAsync(ITicketStore store, string reference, CancellationToken cancellationToken)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return (null, new TicketChangeBadReference($"'{(reference.Length <= 40 ? reference : reference[..40] + "…")}' is not a ticket reference (SUP- and six letters or digits)."));
        }

        var ticket = await store.LoadAsync(normalized, cancellationToken);
        return ticket is null ? (null, new TicketChangeNotFound($"There is no ticket {normalized}.")) : (ticket, null);
    }

    /// <summary>
    /// As <see cref="LoadAsync(ITicketStore, string, CancellationToken)"/>, and the ticket only while it is still the
    /// version the change was made on (<paramref name="ifMatch"/>; null when the change holds whatever the version).
    /// </summary>
    public static async Task<(StoredTicket? Ticket, TicketChangeResult? Refused)> LoadAsync(ITicketStore store, string reference, string? ifMatch, CancellationToken cancellationToken)
    {
        var (stored, missing) = await LoadAsync(store, reference, cancellationToken);
        if (stored is null)
        {
            return (null, missing);
        }

        return ifMatch is not null && stored.ETag != ifMatch ? (null, new TicketChangeStale(stored)) : (stored, null);
    }
}
