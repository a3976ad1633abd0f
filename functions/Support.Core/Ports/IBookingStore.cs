using Support.Core.Bookings;

namespace Support.Core.Ports;

/// <summary>Bookings and each staff member's day of sessions (<see cref="PersonDay"/>), kept by local day.</summary>
public interface IBookingStore
{
    /// <summary>Every staff member's day from <paramref name="from"/> up to (not including) <paramref name="to"/>, each with its ETag.</summary>
    Task<IReadOnlyList<PersonDay>> DaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>One staff member's day as stored, with its ETag; an empty day without one when nothing is booked on it.</summary>
    Task<PersonDay> DayAsync(string personId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Every booking (any status) on the local days from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    Task<IReadOnlyList<Booking>> BookingsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    Task<Booking?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="booking"/> and <paramref name="day"/> (which holds it) together, only if the day is still
    /// as it was read (its ETag; when it had none, only if nobody stored that day meanwhile). Null when the day changed
    /// first: nothing is written, and the caller reads it again.
    /// </summary>
    Task<Booking?> TryClaimAsync(PersonDay day, Booking booking, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="booking"/> (closed) and <paramref name="day"/> (without it) together, each only if unchanged
    /// since read; null when either changed first.
    /// </summary>
    Task<Booking?> TryReleaseAsync(PersonDay day, Booking booking, CancellationToken cancellationToken);

    /// <summary>Replaces the booking only if it still has its ETag; null when someone changed it first.</summary>
    Task<Booking?> TryUpdateAsync(Booking booking, CancellationToken cancellationToken);
}
