using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Mail;

/// <summary>
/// Builds the mails we send. Every one carries the reference in its subject, our own Message-ID
/// and the per-ticket reply address; header values are always single-line.
/// </summary>
public sealed class MailComposer(IOptions<MailOptions> options, IOptions<SiteOptions> site, IOptions<Bookings.BookingOptions> bookings)
{
    private readonly MailOptions _mail = options.Value;
    private readonly PublicLinks _links = new(site);

    public MailAddress From => new(_mail.FromAddress, _mail.FromName);

    public MailAddress ReplyAddressFor(string reference) =>
        new($"{_mail.ReplyLocalPart}+{reference}@{_mail.ReplyDomain}", _mail.FromName);

    /// <summary>A staff member's reply address for one ticket: the per-ticket address with their token (<see cref="MailSigning.ReplyToken"/>).</summary>
    public MailAddress StaffReplyAddressFor(string reference, string personId) =>
        new($"{_mail.ReplyLocalPart}+{reference}.{MailSigning.ReplyToken(_mail, reference, personId)}@{_mail.ReplyDomain}", _mail.FromName);

    /// <summary>A mail to a staff member about a ticket, answerable by mail: replying to it is how they write to the customer.</summary>
    public OutgoingMail ForStaff(OutgoingMail mail, string reference, string personId) =>
        mail with { ReplyTo = StaffReplyAddressFor(reference, personId) };

    /// <summary><c>SUP-7K3Q9F.ack.&lt;tag&gt;@…</c>: the tag (<see cref="MailSigning.MessageIdTag"/>) proves the id is ours.</summary>
    public string MessageIdFor(string reference, string key)
    {
        var body = $"{reference}.{key.Replace(':', '.')}";
        return $"{body}.{MailSigning.MessageIdTag(_mail, body)}@{_mail.MessageIdDomain}";
    }

    public string TicketLink(string reference) => _links.Ticket(reference);

    /// <summary>
    /// The acknowledgement quotes neither the subject nor the message: whoever typed an address into the form (or forged
    /// it on a mail) must not be able to make us carry their words to it.
    /// </summary>
    /// <param name="inReplyTo">The Message-ID of the customer's mail, for an email ticket: the acknowledgement threads under it.</param>
    public OutgoingMail Acknowledgement(Ticket ticket, string key, Sla.SlaDue firstResponse, string? inReplyTo = null)
    {
        var words = CustomerMailText.For(ticket.Language);
        var greeting = words.Greeting(ticket.Requester.Name);
        var due = words.FormatTime(firstResponse.Due);
        var promise = words.Promise(firstResponse.Promise);
        var received = string.Format(words.Culture, words.Received, _mail.TeamName, ticket.Reference);
        var next = string.Format(words.Culture, words.NextStep, promise, due);
        var addMore = string.Format(words.Culture, words.AddMore, ticket.Reference);

        // Issued from the ticket's creation, so every composition of this mail carries the same link.
        var booking = Bookings.TicketBookingLink.NeedsCall(ticket) ? Bookings.TicketBookingLink.For(_links, _mail, bookings.Value, ticket, ticket.CreatedAt) : null;
        var text = $"""
            {greeting}

            {received}

            {next}

            {(booking is null ? string.Empty : $"{words.BookCall} {booking}\n\n")}{addMore}

            {_mail.TeamName}
            """;
        var html = $"""
            <p>{Html(greeting)}</p>
            <p>{words.Html(words.Received, (_mail.TeamName, false), (ticket.Reference, true))}</p>
            <p>{words.Html(words.NextStep, (promise, false), (due, true))}</p>
            {(booking is null ? string.Empty : $"<p>{Html(words.BookCall)} <a href=\"{Html(booking)}\">{Html(words.BookCallLink)}</a></p>\n")}<p>{words.Html(words.AddMore, (ticket.Reference, false))}</p>
            <p>{Html(_mail.TeamName)}</p>
            """;
        return ToCustomer(ticket, key, [new MailAddress(ticket.Requester.Email!, ticket.Requester.Name)],
            string.Format(words.Culture, words.AcknowledgementSubject, ticket.Reference), text, html,
            new Dictionary<string, string>
            {
                ["Auto-Submitted"] = "auto-replied",
                ["X-Auto-Response-Suppress"] = "All",
            }.WithThreading(inReplyTo, []));
    }

    /// <summary>A mail to the customer: built like any other, and labelled with the language it is written in.</summary>
    public OutgoingMail ToCustomer(Ticket ticket, string key, IReadOnlyList<MailAddress> to, string subject, string text, string html, Dictionary<string, string> headers)
    {
        headers["Content-Language"] = CustomerMailText.For(ticket.Language).Language;
        return Build(ticket, key, to, subject, text, html, headers);
    }

    public OutgoingMail AssigneeNotice(Ticket ticket, string key, MailAddress assignee, string assignmentReason, Sla.SlaDue firstResponse)
    {
        var link = TicketLink(ticket.Reference);
        var why = string.Join("; ", ticket.TriageReasons);
        var text = $"""
            {ticket.Reference} is yours: {ticket.Subject}

            Category: {WireNames.Of(ticket.Category)}
            Severity: {WireNames.Of(ticket.Severity)}
            Why: {why}
            Assigned because: {assignmentReason}
            First response due: {FormatTime(firstResponse.Due)}
            Requester: {ticket.Requester.Display}
            Channel: {WireNames.Of(ticket.Channel)}

            Open the ticket: {link}
            """;
        var html = $"""
            <p><strong>{Html(ticket.Reference)}</strong> is yours: {Html(ticket.Subject)}</p>
            <ul>
            <li>Category: {Html(WireNames.Of(ticket.Category))}</li>
            <li>Severity: {Html(WireNames.Of(ticket.Severity))}</li>
            <li>Why: {Html(why)}</li>
            <li>Assigned because: {Html(assignmentReason)}</li>
            <li>First response due: {Html(FormatTime(firstResponse.Due))}</li>
            <li>Requester: {Html(ticket.Requester.Display)}</li>
            <li>Channel: {Html(WireNames.Of(ticket.Channel))}</li>
            </ul>
            <p><a href="{Html(link)}">Open the ticket</a></p>
            """;
        return Build(ticket, key, [assignee],
            $"[{ticket.Reference}] Assigned to you ({WireNames.Of(ticket.Severity)} {WireNames.Of(ticket.Category)}): {ticket.Subject}", text, html,
            new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" });
    }

    public OutgoingMail Build(Ticket ticket, string key, IReadOnlyList<MailAddress> to, string subject, string text, string html, IReadOnlyDictionary<string, string> headers)
    {
        var messageId = MessageIdFor(ticket.Reference, key);
        var cleanHeaders = headers.ToDictionary(h => MailHeaders.Clean(h.Key), h => MailHeaders.Clean(h.Value), StringComparer.OrdinalIgnoreCase);
        cleanHeaders["Message-ID"] = $"<{messageId}>";
        return new OutgoingMail
        {
            From = From,
            To = [.. to.Select(MailHeaders.Clean)],
            ReplyTo = ReplyAddressFor(ticket.Reference),
            Subject = MailHeaders.Clean(subject),
            Text = text,
            Html = html,
            MessageId = messageId,
            Headers = cleanHeaders,
        };
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}

public static class MailHeaders
{
    /// <summary>RFC 5322 threading: In-Reply-To names the mail answered, References the thread up to it (oldest first).</summary>
    public static Dictionary<string, string> WithThreading(this Dictionary<string, string> headers, string? inReplyTo, IEnumerable<string> earlier)
    {
        // Ids come from inbound mail: one that could break out of its brackets or start a header is left out, never mended.
        if (inReplyTo is null || !IsMessageId(inReplyTo))
        {
            return headers;
        }

        var thread = earlier.Where(id => id != inReplyTo && IsMessageId(id)).Distinct(StringComparer.Ordinal).Append(inReplyTo).ToList();
        headers["In-Reply-To"] = $"<{inReplyTo}>";
        headers["References"] = string.Join(' ', thread.TakeLast(MaxReferences).Select(id => $"<{id}>"));
        return headers;
    }

    private static bool IsMessageId(string id) =>
        id.Length > 0 && !id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>');

    /// <summary>Enough of the thread for every client to find it, short enough for every server's header limits.</summary>
    public const int MaxReferences = 10;

    /// <summary>A header value that cannot start a new header: CR, LF, the Unicode line separators and other controls become spaces.</summary>
    public static string Clean(string value)
    {
        if (!value.Any(BreaksLine))
        {
            return value;
        }

        return string.Concat(value.Select(c => BreaksLine(c) ? ' ' : c)).Trim();
    }

    private static bool BreaksLine(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>
    /// An address whose display name (a requester's name, from any channel) cannot break the To
    /// header either, however the channel that captured it normalized it.
    /// </summary>
    public static MailAddress Clean(MailAddress address) =>
        address with { Email = Clean(address.Email), Name = address.Name is null ? null : Clean(address.Name) };
}
