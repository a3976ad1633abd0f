using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Contacts;
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
/// giving both links them), as <see cref="ContactHistories"/> finds them.
/// </summary>
public sealed class ContactEndpoints(ContactHistories contacts, IContactLinks links, TimeProvider time)
{
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

    private async Task<IResult> ViewAsync(string normalized, CancellationToken cancellationToken) =>
        await contacts.FindAsync(normalized, cancellationToken) is not { } history
            ? Problems.NotFound($"No ticket or call comes from {normalized}.")
            : Results.Json(new ContactView(
                history.Key,
                history.Names,
                history.Emails,
                history.Phones,
                history.Organisation,
                history.FirstContact,
                history.LastContact,
                history.OpenCount,
                [.. history.Tickets.Select(t => new ContactTicketView(t.Reference, WireNames.Of(t.Channel), WireNames.Of(t.Status), t.Subject, t.CreatedAt, t.UpdatedAt))]),
                WebJson.Default.ContactView);
}
