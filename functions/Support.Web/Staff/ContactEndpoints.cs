using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;

namespace Support.Web.Staff;

/// <summary>One ticket or call of a contact, as the customer panel lists it.</summary>
public sealed record ContactTicketView(string Reference, string Channel, string Status, string Subject, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Who a customer is, as their tickets tell it.</summary>
/// <param name="Organisation">The domain of their address, unless it is a mailbox provider's.</param>
public sealed record ContactView(
    string Key,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    string? Organisation,
    DateTimeOffset FirstContact,
    DateTimeOffset LastContact,
    int OpenCount,
    IReadOnlyList<ContactTicketView> Tickets);

/// <summary>
/// <c>GET /api/contacts/{key}</c>, key an email address (any case) or an E.164 number: every ticket and
/// call of that customer, newest first, and the addresses and numbers linked to them (a web form
/// giving both links them), found through the requester index of the tickets table.
/// </summary>
public sealed class ContactEndpoints(ITicketStore store)
{
    private const int MaxLinkedKeys = 10;

    private static readonly HashSet<string> MailboxProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com",
        "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "orange.fr", "free.fr", "laposte.net", "yandex.ru", "mail.ru",
    };

    public async Task<IResult> GetAsync(string key, CancellationToken cancellationToken)
    {
        var decoded = key.Trim();
        // An E.164 number names its country, so the default region is never used.
        var normalized = decoded.StartsWith('+') ? ContactValidation.NormalizePhone(decoded, "GB") : ContactValidation.NormalizeEmail(decoded)?.ToLowerInvariant();
        if (normalized is null)
        {
            return Problems.BadRequest($"'{StaffIdentity.Truncate(decoded)}' is neither an email address nor an E.164 phone number (+ and digits).");
        }

        var tickets = new Dictionary<string, Ticket>(StringComparer.Ordinal);
        var pending = new Queue<string>([normalized]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (pending.Count > 0 && seen.Count < MaxLinkedKeys)
        {
            var next = pending.Dequeue();
            if (!seen.Add(next))
            {
                continue;
            }

            foreach (var ticket in (await store.ListAsync(new TicketQuery { Requester = next, PageSize = TicketEndpoints.MaxPageSize }, cancellationToken)).Items)
            {
                tickets.TryAdd(ticket.Reference, ticket);
                foreach (var linked in new[] { ticket.Requester.Email, ticket.Requester.Phone }.OfType<string>())
                {
                    pending.Enqueue(linked);
                }
            }
        }

        if (tickets.Count == 0)
        {
            return Problems.NotFound($"No ticket or call comes from {normalized}.");
        }

        var all = tickets.Values.OrderByDescending(t => t.CreatedAt).ToList();
        var emails = all.Select(t => t.Requester.Email).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var domain = emails.Select(e => e[(e.LastIndexOf('@') + 1)..]).FirstOrDefault(d => !MailboxProviders.Contains(d));
        return Results.Json(new ContactView(
            normalized,
            [.. all.Select(t => t.Requester.Name).OfType<string>().Distinct(StringComparer.Ordinal)],
            emails,
            [.. all.Select(t => t.Requester.Phone).OfType<string>().Distinct(StringComparer.Ordinal)],
            domain,
            all.Min(t => t.CreatedAt),
            all.Max(t => t.UpdatedAt),
            all.Count(t => t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending),
            [.. all.Select(t => new ContactTicketView(t.Reference, WireNames.Of(t.Channel), WireNames.Of(t.Status), t.Subject, t.CreatedAt, t.UpdatedAt))]),
            WebJson.Default.ContactView);
    }
}
