using System.Globalization;
using Support.Core.Calendars;
using Support.Core.Roster;

namespace Support.Core.Bookings;

/// <summary>A start a customer can book, and who would give the session.</summary>
public sealed record FreeSlot(DateTimeOffset Start, DateTimeOffset End, string PersonId);

/// <summary>
/// Which sessions of a kind can still be booked: laid on each giver's working hours (their wall clock, so daylight-saving
/// changes move nothing), less their region's holidays, their other sessions with a buffer on both sides, and the
/// minimum notice counted in their own business hours. Pure: the roster, the sessions and the clock come in.
/// </summary>
public static class FreeSlots
{
    /// <summary>
    /// The free starts from <paramref name="now"/> to the horizon, earliest first, one giver each: <paramref name="preferred"/>
    /// when they are free then (a ticket's assignee, with or without the kind's role), else whoever holds the role's
    /// rotation at that start (as a new ticket goes to the person on duty first), else whoever with the role has the
    /// fewest sessions that day, then by roster id.
    /// </summary>
    /// <param name="activeTickets">
    /// Each giver's active tickets now, for a kind that counts toward the cap (<see cref="SessionKind.CountsTowardCap"/>):
    /// they fill the cap together with that day's sessions of such kinds. Missing people count none.
    /// </param>
    public static IReadOnlyList<FreeSlot> Find(
        SessionKind kind,
        RosterDocument roster,
        RegionPolicy regions,
        IEnumerable<PersonDay> days,
        BookingOptions options,
        DateTimeOffset now,
        string? preferred = null,
        IReadOnlyDictionary<string, int>? activeTickets = null)
    {
        var byPerson = days.GroupBy(d => d.PersonId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var turns = Turns(roster, kind, now, now + TimeSpan.FromDays(options.HorizonDays));
        var best = new SortedDictionary<DateTimeOffset, (FreeSlot Slot, int Rank, int Load)>();
        // A ticket's owner gives the session of their own ticket whatever their role: they know the case.
        foreach (var person in roster.People.Where(p => p.Roles.Contains(kind.Role) || string.Equals(p.Id, preferred, StringComparison.OrdinalIgnoreCase)))
        {
            var isPreferred = string.Equals(person.Id, preferred, StringComparison.OrdinalIgnoreCase);
            var active = kind.CountsTowardCap ? activeTickets?.GetValueOrDefault(person.Id) ?? 0 : 0;
            foreach (var (slot, load) in ForPerson(kind, person, regions, byPerson.GetValueOrDefault(person.Id) ?? [], options, now, active))
            {
                var rank = isPreferred ? 0 : turns.Any(t => t.Start <= slot.Start && slot.Start < t.End && string.Equals(t.PersonId, person.Id, StringComparison.OrdinalIgnoreCase)) ? 1 : 2;
                if (!best.TryGetValue(slot.Start, out var held)
                    || rank < held.Rank
                    || (rank == held.Rank && (load < held.Load || (load == held.Load && string.CompareOrdinal(person.Id, held.Slot.PersonId) < 0))))
                {
                    best[slot.Start] = (slot, rank, load);
                }
            }
        }

        return [.. best.Values.Select(v => v.Slot)];
    }

    /// <summary>The turns of the kind's role's rotation from <paramref name="from"/> to <paramref name="to"/>; none without a rotation.</summary>
    public static IReadOnlyList<DutyTurn> Turns(RosterDocument roster, SessionKind kind, DateTimeOffset from, DateTimeOffset to)
    {
        var turns = new List<DutyTurn>();

        // Bounded: a roster stored without validation must not spin this forever (a 14-day horizon of one-day turns is 15).
        for (var turn = OnDuty.TurnFor(roster, kind.Role, from); turn is not null && turn.Start < to && turns.Count < 400; turn = OnDuty.TurnFor(roster, kind.Role, turn.End))
        {
            turns.Add(turn);
        }

        return turns;
    }

    /// <summary>
    /// The free starts of one giver, with how many sessions they have on that start's local day. A kind that counts
    /// toward the cap is offered only while <paramref name="activeTickets"/> and that day's such sessions stay under it.
    /// </summary>
    public static IEnumerable<(FreeSlot Slot, int Load)> ForPerson(
        SessionKind kind,
        Person person,
        RegionPolicy regions,
        IReadOnlyCollection<PersonDay> days,
        BookingOptions options,
        DateTimeOffset now,
        int activeTickets = 0)
    {
        if (person.WorkingHours.Count == 0 || !ZoneTime.TryFind(person.TimeZone, out var zone))
        {
            yield break;
        }

        var calendar = CalendarOf(person, zone, regions);
        var earliest = calendar.Advance(now, TimeSpan.FromHours(options.NoticeBusinessHours));
        var horizon = now + TimeSpan.FromDays(options.HorizonDays);
        var step = TimeSpan.FromMinutes(Math.Max(5, options.StepMinutes));
        var buffer = TimeSpan.FromMinutes(Math.Max(0, options.BufferMinutes));
        var sessions = days.SelectMany(d => d.Sessions).ToList();
        var byDay = days.ToDictionary(d => d.Day, d => d.Sessions);

        foreach (var stretch in calendar.StretchesFrom(now))
        {
            if (stretch.Start >= horizon)
            {
                yield break;
            }

            for (var start = stretch.Start; start + kind.Length <= stretch.End && start < horizon; start += step)
            {
                var end = start + kind.Length;
                if (start < earliest || start <= now)
                {
                    continue;
                }

                // A session stays on one of its giver's days, the day its row is kept under.
                var day = LocalDay(start, zone);
                if (LocalDay(end - TimeSpan.FromTicks(1), zone) != day)
                {
                    continue;
                }

                if (sessions.Any(s => s.Start - buffer < end && start < s.End + buffer))
                {
                    continue;
                }

                var thatDay = byDay.GetValueOrDefault(day) ?? [];
                if (kind.CountsTowardCap && activeTickets + thatDay.Count(s => s.CountsTowardCap) >= Math.Max(1, person.MaxActiveTickets))
                {
                    continue;
                }

                yield return (new FreeSlot(start, end, person.Id), thatDay.Count);
            }
        }
    }

    /// <summary>The giver's business time: their working hours, closed on their region's holidays.</summary>
    public static BusinessCalendar CalendarOf(Person person, TimeZoneInfo zone, RegionPolicy regions) => new(
        person.Id,
        zone,
        person.WorkingHours,
        regions.ForPerson(person)?.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)) ?? []);

    /// <summary>The giver's local date of <paramref name="instant"/>: which of their day rows a session belongs to.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(ZoneTime.ToLocal(instant, zone));

    /// <summary>The local days whose rows a query from <paramref name="now"/> must read: a day either side of the UTC ones, for every zone.</summary>
    public static (DateOnly From, DateOnly To) DaysToRead(DateTimeOffset now, BookingOptions options)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-1), today.AddDays(options.HorizonDays + 2));
    }
}
