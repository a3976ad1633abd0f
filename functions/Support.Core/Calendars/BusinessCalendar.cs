using Support.Core.Roster;

namespace Support.Core.Calendars;

/// <summary>
/// A region's business time: weekly hours (several stretches a day for split shifts) on the wall
/// clock of an IANA zone, minus holidays. Built on <see cref="WorkingTime"/>, so opening hours stay
/// at the same local time across daylight-saving changes. <see cref="AroundTheClock"/> counts every
/// instant, for targets in calendar time.
/// </summary>
public sealed class BusinessCalendar
{
    // A calendar with hours always has a stretch within a week; holidays can add a few weeks more.
    private const int MaxStretchesScanned = 5_000;

    private readonly TimeZoneInfo _zone;
    private readonly IReadOnlyList<WorkingHours> _hours;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(string name, TimeZoneInfo zone, IReadOnlyList<WorkingHours> hours, IEnumerable<DateOnly> holidays)
    {
        if (hours.Count == 0)
        {
            throw new ArgumentException($"Calendar '{name}' has no business hours.", nameof(hours));
        }

        Name = name;
        _zone = zone;
        _hours = hours;
        _holidays = [.. holidays];
    }

    private BusinessCalendar(string name)
    {
        Name = name;
        _zone = TimeZoneInfo.Utc;
        _hours = [];
        _holidays = [];
        IsAroundTheClock = true;
    }

    public static BusinessCalendar AroundTheClock { get; } = new("around-the-clock");

    public string Name { get; }

    public bool IsAroundTheClock { get; }

    /// <summary>The business stretches that end after <paramref name="from"/>, in order; the first may have started before it.</summary>
    public IEnumerable<WorkStretch> StretchesFrom(DateTimeOffset from)
    {
        if (IsAroundTheClock)
        {
            yield return new WorkStretch(from, DateTimeOffset.MaxValue);
            yield break;
        }

        var scanned = 0;
        foreach (var stretch in WorkingTime.StretchesFrom(_zone, _hours, from))
        {
            if (++scanned > MaxStretchesScanned)
            {
                throw new InvalidOperationException($"Calendar '{Name}' has no business hours within {MaxStretchesScanned} stretches of {from:O}.");
            }

            // A stretch belongs to the local day it starts on; a holiday closes that whole day.
            if (!_holidays.Contains(DateOnly.FromDateTime(ZoneTime.ToLocal(stretch.Start, _zone))))
            {
                yield return stretch;
            }
        }
    }

    /// <summary>The instant when <paramref name="amount"/> of business time has passed since <paramref name="start"/>.</summary>
    public DateTimeOffset Advance(DateTimeOffset start, TimeSpan amount)
    {
        if (IsAroundTheClock)
        {
            return start + amount;
        }

        var left = amount;
        foreach (var stretch in StretchesFrom(start))
        {
            var from = stretch.Start > start ? stretch.Start : start;
            var available = stretch.End - from;
            if (left <= available)
            {
                // Zero left at a closing time means "due at close", not "due at the next opening".
                return from + left;
            }

            left -= available;
        }

        throw new InvalidOperationException("unreachable: stretches are endless");
    }

    /// <summary>Business time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (IsAroundTheClock)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        foreach (var stretch in StretchesFrom(from))
        {
            if (stretch.Start >= to)
            {
                break;
            }

            var start = stretch.Start > from ? stretch.Start : from;
            var end = stretch.End < to ? stretch.End : to;
            total += end - start;
        }

        return total;
    }

    /// <summary>
    /// The close of the business day that <paramref name="at"/> falls in, or of the next business day
    /// when it is after hours: the end of that local day's last stretch (the afternoon shift of a split day).
    /// </summary>
    public DateTimeOffset EndOfBusinessDay(DateTimeOffset at)
    {
        if (IsAroundTheClock)
        {
            var local = ZoneTime.ToLocal(at, _zone);
            return ZoneTime.ToInstant(local.Date.AddDays(1), _zone);
        }

        DateOnly? day = null;
        var end = at;
        foreach (var stretch in StretchesFrom(at))
        {
            var stretchDay = DateOnly.FromDateTime(ZoneTime.ToLocal(stretch.Start, _zone));
            if (day is { } current && stretchDay != current)
            {
                break;
            }

            day = stretchDay;
            end = stretch.End;
        }

        return end;
    }

    /// <summary>
    /// <paramref name="days"/> business days after <paramref name="start"/>: the same point of the
    /// business day that many business days later (Monday 10:00 plus two is Wednesday 10:00); a start
    /// outside hours counts from the next opening, and a shorter day ends at its close.
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        if (IsAroundTheClock)
        {
            return start.AddDays(days);
        }

        var opening = StretchesFrom(start).First();
        var from = opening.Start > start ? opening.Start : start;
        var startDay = LocalDay(opening.Start);
        var into = Between(FirstStretchOf(startDay, opening.Start).Start, from);

        var dayStretches = new List<WorkStretch>();
        var counted = 0;
        DateOnly? current = null;
        foreach (var stretch in StretchesFrom(from))
        {
            var day = LocalDay(stretch.Start);
            if (day == startDay)
            {
                continue;
            }

            if (day != current)
            {
                if (counted == days)
                {
                    break;
                }

                counted++;
                current = day;
                dayStretches.Clear();
            }

            if (counted == days)
            {
                dayStretches.Add(stretch);
            }
        }

        var left = into;
        foreach (var stretch in dayStretches)
        {
            if (left <= stretch.End - stretch.Start)
            {
                return stretch.Start + left;
            }

            left -= stretch.End - stretch.Start;
        }

        return dayStretches[^1].End;
    }

    private WorkStretch FirstStretchOf(DateOnly day, DateTimeOffset near)
    {
        var dayStart = ZoneTime.ToInstant(day.ToDateTime(TimeOnly.MinValue), _zone);
        return StretchesFrom(dayStart < near ? dayStart : near).First(s => LocalDay(s.Start) == day);
    }

    private DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(ZoneTime.ToLocal(instant, _zone));
}
