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
public sealed class MailComposer(IOptions<MailOptions> options, IOptions<SiteOptions> site)
{
    private readonly MailOptions _mail = options.Value;
    private readonly PublicLinks _links = new(site);

    public MailAddress From => new(_mail.FromAddress, _mail.FromName);

    public MailAddress ReplyAddressFor(string reference) =>
        new($"{_mail.ReplyLocalPart}+{reference}@{_mail.ReplyDomain}", _mail.FromName);

    public string MessageIdFor(string reference, string key) =>
        $"{reference}.{key.Replace(':', '.')}@{_mail.MessageIdDomain}";

    public string TicketLink(string reference) => _links.Ticket(reference);

    /// <param name="inReplyTo">The Message-ID of the customer's mail, for an email ticket: the acknowledgement threads under it.</param>
    public OutgoingMail Acknowledgement(Ticket ticket, string key, Sla.SlaDue firstResponse, string? inReplyTo = null)
    {
        var greeting = string.IsNullOrEmpty(ticket.Requester.Name) ? "Hello," : $"Hello {ticket.Requester.Name},";
        var due = FormatTime(firstResponse.Due);
        var text = $"""
            {greeting}

            Thank you for contacting {_mail.TeamName}. We have received your request "{ticket.Subject}" and opened ticket {ticket.Reference}.

            What happens next: a member of the team will answer {firstResponse.Promise}, by {due} at the latest.

            To add anything, reply to this email and keep [{ticket.Reference}] in the subject.

            {_mail.TeamName}
            """;
        var html = $"""
            <p>{Html(greeting)}</p>
            <p>Thank you for contacting {Html(_mail.TeamName)}. We have received your request &ldquo;{Html(ticket.Subject)}&rdquo; and opened ticket <strong>{Html(ticket.Reference)}</strong>.</p>
            <p>What happens next: a member of the team will answer {Html(firstResponse.Promise)}, by <strong>{Html(due)}</strong> at the latest.</p>
            <p>To add anything, reply to this email and keep [{Html(ticket.Reference)}] in the subject.</p>
            <p>{Html(_mail.TeamName)}</p>
            """;
        return Build(ticket, key, [new MailAddress(ticket.Requester.Email!, ticket.Requester.Name)],
            $"[{ticket.Reference}] We received your request: {ticket.Subject}", text, html,
            new Dictionary<string, string>
            {
                ["Auto-Submitted"] = "auto-replied",
                ["X-Auto-Response-Suppress"] = "All",
            }.WithThreading(inReplyTo, []));
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
