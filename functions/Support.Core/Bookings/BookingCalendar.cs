using Microsoft.Extensions.Options;
using Support.Core.Calendars;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Bookings;

/// <summary>What a customer asks to book; <see cref="Replaces"/> when they move an existing booking.</summary>
public sealed record BookingRequest
{
    public required SessionKind Kind { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required string CustomerName { get; init; }

    public required string CustomerEmail { get; init; }

    public string? CustomerPhone { get; init; }

    public string? Note { get; init; }

    public required string CustomerTimeZone { get; init; }

    public string? TicketReference { get; init; }

    /// <summary>Who should give it when free then (the ticket's assignee, or the giver of the booking being moved).</summary>
    public string? Preferred { get; init; }

    public Booking? Replaces { get; init; }
}

public enum ClaimStatus
{
    Booked,

    /// <summary>The start is not free (booked by someone else first, inside the minimum notice, or never offered).</summary>
    Taken,

    /// <summary>The start has passed.</summary>
    Past,
}

/// <summary>A booking stored, or why not with the next free slots to offer instead.</summary>
public sealed record ClaimOutcome(ClaimStatus Status, Booking? Booking, IReadOnlyList<FreeSlot> NextFree);

/// <summary>
/// The free slots of a kind and the claiming of one. A claim re-reads the days, checks the start is still free and
/// writes the booking with its giver's day under that day's ETag; a write that finds the day changed (another customer
/// was quicker) starts again from the read, so two customers never hold overlapping sessions of one person.
/// </summary>
public sealed class BookingCalendar(
    IBookingStore store,
    IRosterStore rosters,
    IAssigneeWorkload workload,
    SessionLoad sessions,
    RegionPolicy regions,
    IOptions<BookingOptions> options,
    IOptions<MailOptions> mail,
    TimeProvider time)
{
    /// <summary>Reads and writes tried before a claim that keeps losing gives up; each loss means someone else booked.</summary>
    public const int ClaimAttempts = 4;

    /// <summary>How many free slots a refusal offers.</summary>
    public const int Offered = 6;

    public BookingOptions Options => options.Value;

    public async Task<IReadOnlyList<FreeSlot>> FreeAsync(SessionKind kind, string? preferred, CancellationToken cancellationToken) =>
        (await ReadAsync(kind, preferred, cancellationToken)).Free;

    public async Task<ClaimOutcome> ClaimAsync(BookingRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<FreeSlot> free = [];
        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            var read = await ReadAsync(request.Kind, request.Preferred, cancellationToken);
            free = read.Free;
            if (request.Start <= read.Now)
            {
                return new ClaimOutcome(ClaimStatus.Past, null, Next(free, read.Now));
            }

            var slot = free.FirstOrDefault(s => s.Start == request.Start);
            if (slot is null)
            {
                return new ClaimOutcome(ClaimStatus.Taken, null, Next(free, request.Start));
            }

            var person = read.Roster.Find(slot.PersonId)!;
            var day = FreeSlots.LocalDay(slot.Start, ZoneTime.Find(person.TimeZone));
            var personDay = read.Days.FirstOrDefault(d => string.Equals(d.PersonId, person.Id, StringComparison.OrdinalIgnoreCase) && d.Day == day)
                ?? new PersonDay(person.Id, day, []);
            var booking = NewBooking(request, slot, day, read.Now);
            var session = new BookedSession(booking.Id, request.Kind.Id, slot.Start, slot.End, request.Kind.CountsTowardCap);
            var claimed = personDay.With(session);
            if (await store.TryClaimAsync(claimed, booking, cancellationToken) is { } stored)
            {
                sessions.Saw(claimed);
                return new ClaimOutcome(ClaimStatus.Booked, stored, []);
            }
        }

        return new ClaimOutcome(ClaimStatus.Taken, null, Next(free, request.Start));
    }

    /// <summary>
    /// Closes a booking (cancelled, or moved to <paramref name="successor"/>) and frees its time; null when it was
    /// closed already (a second click of the link, or a colleague first).
    /// </summary>
    public async Task<Booking?> ReleaseAsync(Booking booking, Booking? successor, CancellationToken cancellationToken)
    {
        var current = booking;
        for (var attempt = 0; attempt < ClaimAttempts * 2 && current is { Status: BookingStatus.Booked }; attempt++)
        {
            var day = await store.DayAsync(current.PersonId, current.Day, cancellationToken);
            var closed = current with { Status = BookingStatus.Cancelled, ClosedAt = time.GetUtcNow(), RescheduledTo = successor?.Id, RescheduledToPerson = successor?.PersonId };
            var freed = day.Without(current.Id);
            if (await store.TryReleaseAsync(freed, closed, cancellationToken) is { } stored)
            {
                sessions.Saw(freed);
                return stored;
            }

            current = await store.GetAsync(current.Id, cancellationToken);
        }

        return null;
    }

    /// <summary>The free slots from <paramref name="from"/> on (the earliest ones when none are left after it).</summary>
    public static IReadOnlyList<FreeSlot> Next(IReadOnlyList<FreeSlot> free, DateTimeOffset from)
    {
        var after = free.Where(s => s.Start >= from).Take(Offered).ToList();
        return after.Count > 0 ? after : [.. free.Take(Offered)];
    }

    private Booking NewBooking(BookingRequest request, FreeSlot slot, DateOnly day, DateTimeOffset now)
    {
        var id = Booking.NewId(day);
        return new Booking
        {
            Id = id,
            Kind = request.Kind.Id,
            PersonId = slot.PersonId,
            Start = slot.Start,
            End = slot.End,
            CustomerName = request.CustomerName,
            CustomerEmail = request.CustomerEmail,
            CustomerPhone = request.CustomerPhone,
            Note = request.Note,
            CustomerTimeZone = request.CustomerTimeZone,
            TicketReference = request.TicketReference ?? request.Replaces?.TicketReference,
            BookedAt = now,
            RescheduledFrom = request.Replaces?.Id,
            Uid = request.Replaces?.Uid ?? $"booking-{id}@{mail.Value.MessageIdDomain}",
            Sequence = request.Replaces is { } old ? old.Sequence + 1 : 0,
        };
    }

    private async Task<(DateTimeOffset Now, RosterDocument Roster, IReadOnlyList<PersonDay> Days, IReadOnlyList<FreeSlot> Free)> ReadAsync(
        SessionKind kind, string? preferred, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (from, to) = FreeSlots.DaysToRead(now, options.Value);
        var daysTask = store.DaysAsync(from, to, cancellationToken);
        var roster = await rosters.GetAsync(cancellationToken);
        var days = await daysTask;
        IReadOnlyDictionary<string, int>? active = null;
        if (kind.CountsTowardCap)
        {
            // The cap is on active work: the givers' open tickets fill it with that day's sessions (counted up to the cap, as assignment does).
            var givers = roster.People.Where(p => p.Roles.Contains(kind.Role) || string.Equals(p.Id, preferred, StringComparison.OrdinalIgnoreCase)).ToList();
            if (givers.Count > 0)
            {
                var loads = await workload.GetAsync([.. givers.Select(p => p.Id)], cancellationToken, countUpTo: givers.Max(p => p.MaxActiveTickets));
                active = loads.ToDictionary(l => l.Key, l => l.Value.ActiveTickets, StringComparer.OrdinalIgnoreCase);
            }
        }

        return (now, roster, days, FreeSlots.Find(kind, roster, regions, days, options.Value, now, preferred, active));
    }
}
