using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Bookings;

/// <summary>
/// The mails of a booking: the confirmation (with the invitation and the signed links to move or cancel it), the
/// reminders and the cancellation, to the customer in their zone and to the staff member in theirs (with the
/// customer's time and the number to call). The customer's name and note are user input: encoded, and cleaned in headers.
/// </summary>
public sealed class BookingMailComposer(IOptions<MailOptions> mail, IOptions<SiteOptions> site, IOptions<BookingOptions> options, TimeProvider time)
{
    public OutgoingMail Compose(string key, Booking booking, Person staff)
    {
        var (what, to) = (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        var kind = options.Value.Kind(booking.Kind) ?? new SessionKind(booking.Kind, booking.Kind, booking.End - booking.Start, Domain.SupportRole.FirstLevel, false);
        var toCustomer = to == BookingMailRules.Customer;
        var zone = toCustomer ? booking.CustomerTimeZone : staff.TimeZone;
        var when = When(booking, zone);
        var now = time.GetUtcNow();
        var team = mail.Value.TeamName;
        var links = new PublicLinks(site);

        var subject = (what, booking.RescheduledFrom) switch
        {
            (BookingMailRules.Confirm, not null) => $"Moved: {kind.Name}, {when}",
            (BookingMailRules.Confirm, _) => $"Booked: {kind.Name}, {when}",
            (BookingMailRules.Remind24, _) => $"Tomorrow: {kind.Name}, {when}",
            (BookingMailRules.Remind1, _) => $"In an hour: {kind.Name}, {when}",
            _ => $"Cancelled: {kind.Name}, {when}",
        };

        var lines = new List<string> { toCustomer ? $"Hello {booking.CustomerName}," : $"Hello {staff.Name}," };
        lines.Add(what switch
        {
            BookingMailRules.Cancel when booking.MovedAway => $"This {kind.Name.ToLowerInvariant()} has moved to a colleague and is off your calendar: {when}.",
            BookingMailRules.Cancel => $"This {kind.Name.ToLowerInvariant()} is cancelled: {when}.",
            BookingMailRules.Confirm when booking.RescheduledFrom is not null && !toCustomer => $"{booking.CustomerName}'s {kind.Name.ToLowerInvariant()} has moved and is with you: {when}.",
            BookingMailRules.Confirm when booking.RescheduledFrom is not null => $"Your {kind.Name.ToLowerInvariant()} has moved to {when}.",
            BookingMailRules.Confirm => toCustomer ? $"Your {kind.Name.ToLowerInvariant()} is booked: {when}." : $"{booking.CustomerName} booked a {kind.Name.ToLowerInvariant()} with you: {when}.",
            _ => $"A reminder of your {kind.Name.ToLowerInvariant()}: {when}.",
        });
        if (toCustomer)
        {
            lines.Add(kind.Id == "phone" && booking.CustomerPhone is { } number ? $"{staff.Name} will call you on {number}." : $"You will meet {staff.Name}.");
        }
        else
        {
            lines.Add($"For {booking.CustomerName}: {When(booking, booking.CustomerTimeZone)}.");
            if (booking.CustomerPhone is { } number)
            {
                lines.Add($"Number to call: {number}");
            }

            if (!string.IsNullOrWhiteSpace(booking.Note))
            {
                lines.Add($"Note: {booking.Note}");
            }
        }

        if (booking.TicketReference is { } reference)
        {
            lines.Add($"Ticket: {reference}");
        }

        var actions = new List<(string Label, string Url)>();
        if (toCustomer && what != BookingMailRules.Cancel)
        {
            actions.Add(("Move it to another time", links.BookPageUrl(("reschedule", BookingTokens.Issue(mail.Value, BookingPurpose.Reschedule, booking.Id, booking.Start)))));
            actions.Add(("Cancel it", links.BookPageUrl(("cancel", BookingTokens.Issue(mail.Value, BookingPurpose.Cancel, booking.Id, booking.Start)))));
        }
        else if (!toCustomer && booking.TicketReference is { } ticket)
        {
            actions.Add(("Open the ticket", links.Ticket(ticket)));
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(line).AppendLine();
        }

        foreach (var (label, url) in actions)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {url}");
        }

        text.AppendLine().AppendLine(team);
        var html = new StringBuilder();
        foreach (var line in lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        foreach (var (label, url) in actions)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>");
        }

        html.Append("<p>").Append(WebUtility.HtmlEncode(team)).Append("</p>");

        var messageId = $"booking.{booking.Id}.{key}@{mail.Value.MessageIdDomain}";
        var invitation = what switch
        {
            BookingMailRules.Confirm => BookingInvitation.Request(booking, kind, staff, mail.Value, zone, now),
            BookingMailRules.Cancel => BookingInvitation.Cancel(booking, kind, staff, mail.Value, zone, now),
            _ => null,
        };
        return new OutgoingMail
        {
            From = new MailAddress(mail.Value.FromAddress, mail.Value.FromName),
            To = [toCustomer ? new MailAddress(booking.CustomerEmail, MailHeaders.Clean(booking.CustomerName)) : new MailAddress(staff.Email, staff.Name)],
            Subject = MailHeaders.Clean(subject),
            Text = text.ToString(),
            Html = html.ToString(),
            MessageId = messageId,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Message-ID"] = $"<{messageId}>",
                ["Auto-Submitted"] = "auto-generated",
            },
            Attachments = invitation is null ? [] : [invitation],
        };
    }

    /// <summary>"Monday 7 December 2026, 10:00–10:30 (Europe/London)", on the wall clock of <paramref name="zone"/>.</summary>
    public static string When(Booking booking, string zone) => When(booking.Start, booking.End, zone);

    public static string When(DateTimeOffset from, DateTimeOffset to, string zone)
    {
        var tz = ZoneTime.TryFind(zone, out var found) ? found : TimeZoneInfo.Utc;
        var start = ZoneTime.ToLocal(from, tz);
        var end = ZoneTime.ToLocal(to, tz);
        return string.Create(CultureInfo.InvariantCulture, $"{start:dddd d MMMM yyyy}, {start:HH:mm}–{end:HH:mm} ({tz.Id})");
    }
}
