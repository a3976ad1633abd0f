using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Web.Identity;

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
public sealed class ContactEndpoints(ITicketStore store, IContactLinks links, TimeProvider time)
{
    private const int MaxLinkedKeys = 10;

    public async Task<IResult> GetAsync(string key, CancellationToken cancellationToken)
    {
        var (normalized, invalid) = Normalize(key, "key");
        return invalid ?? await ViewAsync(normalized!, cancellationToken);
    }

    /// <summary>
    /// <c>PUT</c> (link) or <c>DELETE</c> (unlink) <c>/api/contacts/{key}/links/{other}</c>: staff say two
    /// keys are the same customer, or are not (a shared office phone, a colleague's address on a form);
    /// recorded with who said it, and answered with the contact as it now stands.
    /// </summary>
    public async Task<IResult> LinkAsync(HttpRequest request, string key, string other, bool linked, CancellationToken cancellationToken)
    {
        var (first, invalidKey) = Normalize(key, "key");
        var (second, invalidOther) = Normalize(other, "other");
        if ((invalidKey ?? invalidOther) is { } invalid)
        {
            return invalid;
        }

        if (string.Equals(first, second, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest("A key cannot be linked to or unlinked from itself.");
        }

        await links.SetAsync(new ContactLink(first!, second!, linked, StaffActor.Of(request).Id, time.GetUtcNow()), cancellationToken);
        return await ViewAsync(first!, cancellationToken);
    }

    // An E.164 number names its country, so the default region is never used.
    private static (string? Key, IResult? Problem) Normalize(string key, string what)
    {
        var decoded = key.Trim();
        var normalized = decoded.StartsWith('+') ? ContactValidation.NormalizePhone(decoded, "GB") : ContactValidation.NormalizeEmail(decoded)?.ToLowerInvariant();
        return normalized is null
            ? (null, Problems.BadRequest($"The {what} '{Problems.Truncate(decoded)}' is neither an email address nor an E.164 phone number (+ and digits)."))
            : (normalized, null);
    }

    private async Task<IResult> ViewAsync(string normalized, CancellationToken cancellationToken)
    {
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

            // What staff said of a pair wins over what a ticket giving both suggests.
            var said = (await links.ForAsync(next, cancellationToken)).ToDictionary(l => l.Other, l => l.Linked, StringComparer.OrdinalIgnoreCase);
            foreach (var linked in said.Where(l => l.Value).Select(l => l.Key))
            {
                pending.Enqueue(linked);
            }

            foreach (var ticket in (await store.ListAsync(new TicketQuery { Requester = next, PageSize = TicketEndpoints.MaxPageSize }, cancellationToken)).Items)
            {
                tickets.TryAdd(ticket.Reference, ticket);
                foreach (var linked in new[] { ticket.Requester.Email, ticket.Requester.Phone }.OfType<string>().Where(k => said.GetValueOrDefault(k, true)))
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
        var emails = seen.Where(k => k.Contains('@', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var domain = emails.Select(Organisation.Of).FirstOrDefault(o => o is not null);
        return Results.Json(new ContactView(
            normalized,
            [.. all.Select(t => t.Requester.Name).OfType<string>().Distinct(StringComparer.Ordinal)],
            emails,
            [.. seen.Where(k => k.StartsWith('+')).Order(StringComparer.Ordinal)],
            domain,
            all.Min(t => t.CreatedAt),
            all.Max(t => t.UpdatedAt),
            all.Count(t => t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending),
            [.. all.Select(t => new ContactTicketView(t.Reference, WireNames.Of(t.Channel), WireNames.Of(t.Status), t.Subject, t.CreatedAt, t.UpdatedAt))]),
            WebJson.Default.ContactView);
    }
}
