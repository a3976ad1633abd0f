using Support.Core.Bookings;
using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>The booking store as the port promises it: a day and a booking written together, each only under its ETag.</summary>
public sealed class InMemoryBookingStore : IBookingStore
{
    private readonly Dictionary<(string, DateOnly), PersonDay> _days = [];
    private readonly Dictionary<string, Booking> _bookings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _version;

    /// <summary>Runs between a claim's read and its write, as a quicker customer would.</summary>
    public Func<Task>? BeforeClaim { get; set; }

    public IReadOnlyList<Booking> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _bookings.Values];
            }
        }
    }

    /// <summary>How many times the days were read (<see cref="DaysAsync"/>).</summary>
    public int DayReads { get; private set; }

    public Task<IReadOnlyList<PersonDay>> DaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DayReads++;
            return Task.FromResult<IReadOnlyList<PersonDay>>([.. _days.Values.Where(d => d.Day >= from && d.Day < to)]);
        }
    }

    public Task<PersonDay> DayAsync(string personId, DateOnly day, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_days.GetValueOrDefault((personId.ToLowerInvariant(), day)) ?? new PersonDay(personId, day, []));
        }
    }

    public Task<IReadOnlyList<Booking>> BookingsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Booking>>([.. _bookings.Values.Where(b => b.Day >= from && b.Day < to)]);
        }
    }

    public Task<Booking?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_bookings.GetValueOrDefault(id));
        }
    }

    public async Task<Booking?> TryClaimAsync(PersonDay day, Booking booking, CancellationToken cancellationToken)
    {
        if (BeforeClaim is { } before)
        {
            BeforeClaim = null;
            await before();
        }

        lock (_gate)
        {
            var key = (day.PersonId.ToLowerInvariant(), day.Day);
            if (_days.GetValueOrDefault(key)?.ETag != day.ETag || _bookings.ContainsKey(booking.Id))
            {
                return null;
            }

            _days[key] = day with { ETag = Next() };
            return _bookings[booking.Id] = booking with { ETag = Next() };
        }
    }

    public Task<Booking?> TryReleaseAsync(PersonDay day, Booking booking, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (day.PersonId.ToLowerInvariant(), day.Day);
            if (_days.GetValueOrDefault(key)?.ETag != day.ETag || _bookings.GetValueOrDefault(booking.Id)?.ETag != booking.ETag)
            {
                return Task.FromResult<Booking?>(null);
            }

            if (day.ETag is not null)
            {
                _days[key] = day with { ETag = Next() };
            }

            return Task.FromResult<Booking?>(_bookings[booking.Id] = booking with { ETag = Next() });
        }
    }

    public Task<Booking?> TryUpdateAsync(Booking booking, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_bookings.GetValueOrDefault(booking.Id)?.ETag != booking.ETag)
            {
                return Task.FromResult<Booking?>(null);
            }

            return Task.FromResult<Booking?>(_bookings[booking.Id] = booking with { ETag = Next() });
        }
    }

    private string Next() => $"v{++_version}";
}
