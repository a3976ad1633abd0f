using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Bookings;

/// <summary>
/// How many sessions that count toward the cap on active work (onboarding) each staff member has on their own local day
/// of an instant: with their active tickets they fill their cap, for assignment as for the booking page.
/// </summary>
public sealed class SessionsToday
{
    private readonly IReadOnlyDictionary<(string PersonId, DateOnly Day), int> _counts;
    private readonly DateTimeOffset _now;

    internal SessionsToday(IReadOnlyDictionary<(string PersonId, DateOnly Day), int> counts, DateTimeOffset now)
    {
        _counts = counts;
        _now = now;
    }

    /// <summary>Nobody has any: no kind of session counts toward the cap.</summary>
    public static SessionsToday None { get; } = new(ImmutableDictionary<(string, DateOnly), int>.Empty, DateTimeOffset.MinValue);

    public int Of(Person person) =>
        ZoneTime.TryFind(person.TimeZone, out var zone)
            ? _counts.GetValueOrDefault((SessionLoad.Key(person.Id), FreeSlots.LocalDay(_now, zone)))
            : 0;
}

/// <summary>
/// Today's sessions for assignment, without a read per ticket: the day rows around now (one range query over three
/// partitions, whatever the roster) are kept per instance for <see cref="CacheFor"/>, and a claim or release made
/// through this instance (<see cref="Saw"/>) shows at once. One made through another instance shows within
/// <see cref="CacheFor"/>: until then a person may be given a ticket their new session leaves no room for, as happens
/// when a ticket and a booking cross.
/// </summary>
public sealed class SessionLoad(IBookingStore store, IOptions<BookingOptions> options, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private Held? _held;
    private Task<Held>? _reading;

    /// <summary>The sessions counting toward the cap on each person's local day of <paramref name="now"/>.</summary>
    public async Task<SessionsToday> TodayAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!options.Value.Kinds.Values.Any(k => k.CountsTowardCap))
        {
            return SessionsToday.None;
        }

        var held = await CurrentAsync().WaitAsync(cancellationToken);
        return new SessionsToday(held.Counts, now);
    }

    /// <summary>A person's day as a claim or release through this instance stored it.</summary>
    public void Saw(PersonDay day)
    {
        lock (_gate)
        {
            if (_held is { } held && held.Covers(day.Day))
            {
                _held = held with { Counts = held.Counts.SetItem((Key(day.PersonId), day.Day), day.Sessions.Count(s => s.CountsTowardCap)) };
            }
        }
    }

    internal static string Key(string personId) => personId.ToLowerInvariant();

    private Task<Held> CurrentAsync()
    {
        var at = time.GetUtcNow();
        var utcDay = DateOnly.FromDateTime(at.UtcDateTime);
        lock (_gate)
        {
            if (_held is { } held && held.UtcDay == utcDay && at - held.ReadAt < CacheFor)
            {
                return Task.FromResult(held);
            }

            // One read for everyone who asks while it runs; a failed one is tried again by the next ticket.
            if (_reading is null || _reading.IsCompleted)
            {
                _reading = ReadAsync(utcDay, at);
            }

            return _reading;
        }
    }

    private async Task<Held> ReadAsync(DateOnly utcDay, DateTimeOffset at)
    {
        // Every zone's local day of now is the UTC day or one either side of it.
        var days = await store.DaysAsync(utcDay.AddDays(-1), utcDay.AddDays(2), CancellationToken.None);
        var counts = days.ToImmutableDictionary(d => (Key(d.PersonId), d.Day), d => d.Sessions.Count(s => s.CountsTowardCap));
        var held = new Held(utcDay, at, counts);
        lock (_gate)
        {
            _held = held;
        }

        return held;
    }

    private sealed record Held(DateOnly UtcDay, DateTimeOffset ReadAt, ImmutableDictionary<(string PersonId, DateOnly Day), int> Counts)
    {
        public bool Covers(DateOnly day) => day >= UtcDay.AddDays(-1) && day < UtcDay.AddDays(2);
    }
}
