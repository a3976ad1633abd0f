using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Bookings;

/// <summary>
/// A booking's calendar invitation (RFC 5545 with iTIP's <c>METHOD</c>): the team organizes it, the staff member and
/// the customer attend. Times carry the zone of whoever receives it (<c>TZID</c> with its <c>VTIMEZONE</c>), so their
/// calendar shows the wall-clock time the mail says; the stamp is UTC. Every version of one session has the same
/// <c>UID</c> and a higher <c>SEQUENCE</c>, so a move or a cancellation updates the event instead of adding one.
/// </summary>
public static class BookingInvitation
{
    public const string FileName = "invite.ics";

    public static MailAttachment Request(Booking booking, SessionKind kind, Person staff, MailOptions mail, string zone, DateTimeOffset now) =>
        Build(booking, kind, staff, mail, zone, now, cancel: false);

    public static MailAttachment Cancel(Booking booking, SessionKind kind, Person staff, MailOptions mail, string zone, DateTimeOffset now) =>
        Build(booking, kind, staff, mail, zone, now, cancel: true);

    private static MailAttachment Build(Booking booking, SessionKind kind, Person staff, MailOptions mail, string zone, DateTimeOffset now, bool cancel)
    {
        var method = cancel ? "CANCEL" : "REQUEST";
        var tz = ZoneTime.Find(zone);
        var calendar = new Calendar { Method = method, ProductId = "-//Support.Functions//Bookings//EN" };
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, booking.Start.UtcDateTime.AddDays(-1), includeHistoricalData: false));
        var session = new CalendarEvent
        {
            Uid = booking.Uid,
            Sequence = booking.Sequence + (cancel ? 1 : 0),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC", hasTime: true),
            DtStart = new CalDateTime(ZoneTime.ToLocal(booking.Start, tz), zone, hasTime: true),
            DtEnd = new CalDateTime(ZoneTime.ToLocal(booking.End, tz), zone, hasTime: true),
            Summary = $"{kind.Name} with {mail.TeamName}",
            Description = booking.CustomerPhone is { } phone && kind.Id == "phone"
                ? $"{staff.Name} calls {booking.CustomerName} on {phone}."
                : $"{kind.Name} for {booking.CustomerName} with {staff.Name}.",
            Status = cancel ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer("mailto:" + mail.FromAddress) { CommonName = mail.TeamName },
        };
        session.Attendees.Add(new Attendee("mailto:" + staff.Email) { CommonName = staff.Name, Role = "REQ-PARTICIPANT", ParticipationStatus = "ACCEPTED" });
        session.Attendees.Add(new Attendee("mailto:" + booking.CustomerEmail) { CommonName = MailHeaders.Clean(booking.CustomerName), Role = "REQ-PARTICIPANT", ParticipationStatus = "ACCEPTED" });
        calendar.Events.Add(session);
        var text = new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
        return new MailAttachment(FileName, $"text/calendar; method={method}; charset=UTF-8", System.Text.Encoding.UTF8.GetBytes(text));
    }
}
