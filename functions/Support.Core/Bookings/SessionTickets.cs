using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Roster;
using Support.Core.Triage;

namespace Support.Core.Bookings;

/// <summary>
/// The ticket a booking opens when it has none. Its first message is written for staff (the session, its time, the
/// number to call, then the customer's note), but triage reads only what the customer wrote: the booking's own words
/// ("Phone support booked … Number to call …") read as a call for help and filed every phone session as onboarding,
/// and the model as S1. A kind named after a category (onboarding) files its tickets there, as the issue asks. The
/// ticket belongs to whoever gives the session: they will have spoken with the customer.
/// </summary>
public static class SessionTickets
{
    /// <summary>The inquiry attribute holding the customer's own note (absent when they wrote none): all triage reads.</summary>
    public const string NoteAttribute = "customerNote";

    /// <summary>What intake is handed for <paramref name="booking"/>: keyed by the booking, so a retry opens no second ticket.</summary>
    public static InquirySubmission Submission(Booking booking, SessionKind? kind)
    {
        var name = kind?.Name ?? booking.Kind;
        var body = $"{name} booked for {BookingMailComposer.When(booking, booking.CustomerTimeZone)} with {booking.PersonId}."
            + (booking.CustomerPhone is { } phone ? $"\nNumber to call: {phone}" : string.Empty)
            + (string.IsNullOrWhiteSpace(booking.Note) ? string.Empty : $"\n\n{booking.Note}");
        var attributes = new Dictionary<string, string>
        {
            [Ticket.BookingDetail] = booking.Id,
            [Ticket.SessionGiverDetail] = booking.PersonId,
            [Ticket.SessionKindDetail] = booking.Kind,
        };
        if (!string.IsNullOrWhiteSpace(booking.Note))
        {
            attributes[NoteAttribute] = booking.Note;
        }

        return new InquirySubmission
        {
            Channel = Channel.Web,
            Requester = new Requester(booking.CustomerName, booking.CustomerEmail, booking.CustomerPhone),
            Subject = $"{name} booked",
            Body = body,
            DedupeKey = "booking:" + booking.Id,
            Attributes = attributes,
        };
    }

    /// <summary>
    /// What triage reads of <paramref name="inquiry"/>: its subject and <paramref name="body"/>, or for one a booking
    /// opened the customer's note alone (nothing when they wrote none).
    /// </summary>
    public static TriageInput TriageInputOf(Inquiry inquiry, string body) =>
        OpenedByBooking(inquiry)
            ? new TriageInput(inquiry.Channel, string.Empty, inquiry.Attributes.GetValueOrDefault(NoteAttribute) ?? string.Empty, null, inquiry.Requester.Email, inquiry.Attributes)
            : new TriageInput(inquiry.Channel, inquiry.Subject, body, inquiry.DeclaredSeverity, inquiry.Requester.Email, inquiry.Attributes);

    /// <summary>
    /// The triage of a booking's ticket completed by what the booking says: a kind named after a category files it
    /// there, and with no note there was nothing to read, so it is planned work (S3). Any other inquiry's as it was.
    /// </summary>
    public static TriageResult Settle(Inquiry inquiry, TriageResult result)
    {
        if (!OpenedByBooking(inquiry))
        {
            return result;
        }

        var kind = inquiry.Attributes.GetValueOrDefault(Ticket.SessionKindDetail);
        var category = WireNames.TryParse(kind, out Category named) ? named : (Category?)null;
        if (!inquiry.Attributes.ContainsKey(NoteAttribute))
        {
            var filed = category ?? Category.Question;
            return new TriageResult(filed, Severity.S3,
            [
                category is null
                    ? $"category {WireNames.Of(filed)}: a booked {kind} session with no note from the customer"
                    : $"category {WireNames.Of(filed)}: a booked {kind} session",
                $"severity {WireNames.Of(Severity.S3)}: a booked session is planned work and the customer wrote no note",
            ]);
        }

        return category is { } filedAs && filedAs != result.Category
            ? result with { Category = filedAs, Reasons = [$"category {WireNames.Of(filedAs)}: a booked {kind} session (the note read as {WireNames.Of(result.Category)})", .. result.Reasons] }
            : result;
    }

    /// <summary>
    /// A ticket a booking opened goes to whoever gives its session while they are on the roster, whatever their load
    /// (the session is theirs already); null for any other ticket, for one that had an owner, or a giver since removed.
    /// </summary>
    public static AssignmentDecision? Giver(Ticket ticket, RosterDocument roster) =>
        ticket.Assignee is null
        && ticket.OpenedByBooking is not null
        && ticket.SessionGiver is { } giverId
        && roster.Find(giverId) is { } giver
            ? new AssignmentDecision(giver, $"gives the booked {ticket.SessionKind ?? "session"} session")
            : null;

    private static bool OpenedByBooking(Inquiry inquiry) => inquiry.Attributes.ContainsKey(Ticket.BookingDetail);
}
