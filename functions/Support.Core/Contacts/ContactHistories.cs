using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Contacts;

/// <summary>
/// A customer as their tickets tell it: every ticket and call from <see cref="Key"/> and the keys linked to it,
/// newest first, with the email addresses and numbers that were followed.
/// </summary>
public sealed record ContactHistory(string Key, IReadOnlyList<Ticket> Tickets, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones)
{
    public IReadOnlyList<string> Names => [.. Tickets.Select(t => t.Requester.Name).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The domain of their addresses, unless it is a mailbox provider's.</summary>
    public string? Organisation => Emails.Select(Domain.Organisation.Of).FirstOrDefault(o => o is not null);

    public DateTimeOffset FirstContact => Tickets.Min(t => t.CreatedAt);

    public DateTimeOffset LastContact => Tickets.Max(t => t.UpdatedAt);

    /// <summary>Their tickets not yet solved or closed.</summary>
    public int OpenCount => Tickets.Count(t => t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending);
}

/// <summary>
/// Finds a customer's history from one key (a lower-case email address or an E.164 number): the tickets from it, then
/// from every key linked to it, where a ticket giving both an address and a number links them, and what staff said of a
/// pair (<see cref="IContactLinks"/>) wins over what tickets suggest. At most <see cref="MaxLinkedKeys"/> keys are followed.
/// </summary>
public sealed class ContactHistories(ITicketStore store, IContactLinks links)
{
    public const int MaxLinkedKeys = 10;

    /// <summary>How many tickets are read per key.</summary>
    public const int TicketsPerKey = 200;

    /// <summary>The history from <paramref name="key"/>; null when no ticket or call comes from it or its links.</summary>
    public async Task<ContactHistory?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var tickets = new Dictionary<string, Ticket>(StringComparer.Ordinal);
        var pending = new Queue<string>([key]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (pending.Count > 0 && seen.Count < MaxLinkedKeys)
        {
            var next = pending.Dequeue();
            if (!seen.Add(next))
            {
                continue;
            }

            // What staff said of a pair wins over what a ticket giving both suggests.
            var said = (await links.ForAsync(next, cancellationToken)).ToDictionary(l => l.Other, l => l.Linked, StringComparer.OrdinalIgnoreCase);
            foreach (var linked in said.Where(l => l.Value).Select(l => l.Key))
            {
                pending.Enqueue(linked);
            }

            foreach (var ticket in (await store.ListAsync(new TicketQuery { Requester = next, PageSize = TicketsPerKey }, cancellationToken)).Items)
            {
                tickets.TryAdd(ticket.Reference, ticket);
                foreach (var linked in new[] { ticket.Requester.Email, ticket.Requester.Phone }.OfType<string>().Where(k => said.GetValueOrDefault(k, true)))
                {
                    pending.Enqueue(linked);
                }
            }
        }

        return tickets.Count == 0
            ? null
            : new ContactHistory(
                key,
                [.. tickets.Values.OrderByDescending(t => t.CreatedAt)],
                [.. seen.Where(k => k.Contains('@', StringComparison.Ordinal)).Order(StringComparer.Ordinal)],
                [.. seen.Where(k => k.StartsWith('+')).Order(StringComparer.Ordinal)]);
    }
}
