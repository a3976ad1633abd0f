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
}
