using System.Globalization;
using System.Security.Cryptography;
using Support.Core.Notifications;

namespace Support.Core.Bookings;

public enum BookingStatus
{
    Booked,
    Cancelled,
    Done,
    NoShow,
}

/// <summary>
/// One booked session: who gives it, when, to whom and for which ticket. Its id begins with the staff member's local
/// date of the start (<c>20261207-…</c>), the day its row is kept under, so a link naming the booking finds it in one read.
/// </summary>
public sealed record Booking
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string PersonId { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public required string CustomerName { get; init; }

    public required string CustomerEmail { get; init; }

    /// <summary>E.164; the number staff call for phone support.</summary>
    public string? CustomerPhone { get; init; }

    public string? Note { get; init; }

    /// <summary>IANA zone the customer chose on the page: their mails show times in it.</summary>
    public required string CustomerTimeZone { get; init; }

    public string? TicketReference { get; init; }

    public BookingStatus Status { get; init; } = BookingStatus.Booked;

    public required DateTimeOffset BookedAt { get; init; }

    /// <summary>When a customer or staff member cancelled or moved it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The booking that replaced this one when it was rescheduled.</summary>
    public string? RescheduledTo { get; init; }

    /// <summary>Who gives the booking that replaced this one: when not this one's giver, they are sent the cancellation.</summary>
    public string? RescheduledToPerson { get; init; }

    /// <summary>True for a booking moved to another giver, whose own calendar must drop the event.</summary>
    public bool MovedAway => RescheduledTo is not null && RescheduledToPerson is { } next && !string.Equals(next, PersonId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The booking this one replaced: its invitation keeps the same UID, so calendars move the event.</summary>
    public string? RescheduledFrom { get; init; }

    /// <summary>The calendar event's UID, the same for every booking of one rescheduled session.</summary>
    public required string Uid { get; init; }

    /// <summary>The invitation's SEQUENCE: each reschedule or cancellation of the session raises it.</summary>
    public int Sequence { get; init; }

    /// <summary>Which of this booking's mails are sent or being sent (confirmation, reminders, cancellation).</summary>
    public MailLedger Mail { get; init; } = new();

    /// <summary>The store's concurrency token; null for a booking not stored yet.</summary>
    public string? ETag { get; init; }

    public DateOnly Day => DayOf(Id);

    public static DateOnly DayOf(string id) =>
        id.Length >= 8 && DateOnly.TryParseExact(id[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException("Not a booking id.");

    public static bool IsId(string? text) =>
        text is { Length: 8 + 1 + 16 } && DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && text[8] == '-' && text[9..].All(char.IsAsciiHexDigitLower);

    /// <summary>A new id on the staff member's local <paramref name="day"/>: 64 random bits, so ids cannot be guessed.</summary>
    public static string NewId(DateOnly day) =>
        day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

/// <summary>A session as its giver's day holds it: enough to keep the next booking clear of it.</summary>
public sealed record BookedSession(string Id, string Kind, DateTimeOffset Start, DateTimeOffset End, bool CountsTowardCap);

/// <summary>
/// One staff member's sessions on one of their local days. Every booking of that person and day is written with this
/// row, guarded by its ETag, so two bookings that would overlap can never both be stored: the second write finds the
/// row changed and re-reads it.
/// </summary>
public sealed record PersonDay(string PersonId, DateOnly Day, IReadOnlyList<BookedSession> Sessions, string? ETag = null)
{
    public PersonDay With(BookedSession session) => this with { Sessions = [.. Sessions.Where(s => s.Id != session.Id), session] };

    public PersonDay Without(string bookingId) => this with { Sessions = [.. Sessions.Where(s => s.Id != bookingId)] };
}
