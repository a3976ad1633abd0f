using Support.Core.Domain;
using Support.Core.Mail;

namespace Support.Core.Bookings;

/// <summary>
/// A ticket's booking link: the booking page with a signed token naming the ticket, so the session lands on it and goes
/// to its assignee when they are free. Its acknowledgement carries it when the ticket needs a call (<see cref="NeedsCall"/>);
/// staff copy it from the console into a reply for any ticket.
/// </summary>
public static class TicketBookingLink
{
    /// <summary>
    /// A ticket is better talked through than written about when the customer phoned (a voicemail or a missed call),
    /// when it is onboarding (setting up is quicker together), or when it is a technical S1 or S2 (urgent, and
    /// diagnosing is quicker live).
    /// </summary>
    public static bool NeedsCall(Ticket ticket) =>
        ticket.Channel == Channel.Voice
        || ticket.Category == Category.Onboarding
        || (ticket.Category == Category.Technical && ticket.Severity is Severity.S1 or Severity.S2);

    /// <summary>
    /// The link, offering the onboarding kind for an onboarding ticket and the first kind otherwise, valid for
    /// <see cref="BookingOptions.TicketLinkDays"/> from <paramref name="from"/>.
    /// </summary>
    public static string For(PublicLinks links, MailOptions mail, BookingOptions options, Ticket ticket, DateTimeOffset from) =>
        links.BookPageUrl(
            ("kind", ticket.Category == Category.Onboarding && options.Kind("onboarding") is not null ? "onboarding" : options.KindList()[0].Id),
            ("ticket", BookingTokens.Issue(mail, BookingPurpose.Ticket, ticket.Reference, from.AddDays(options.TicketLinkDays))));
}
