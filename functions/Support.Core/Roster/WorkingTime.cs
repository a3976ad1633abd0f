namespace Support.Core.Roster;

/// <summary>A stretch of working time between two instants, end exclusive.</summary>
public readonly record struct WorkStretch(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => Start <= instant && instant < End;
}

/// <summary>
/// When someone works, from weekly hours on the wall clock of their time zone. Hours are laid on
/// real calendar days, so they stay at the same local time across daylight-saving changes: a day
/// that springs forward is an hour shorter, one that falls back an hour longer. Also serves any
/// other weekly calendar (a region's business hours) through the zone-and-hours overloads.
/// </summary>
public static class WorkingTime
{
    private static readonly TimeSpan LongestStretch = TimeSpan.FromDays(7);

    public static bool IsWorking(Person person, DateTimeOffset at) =>
        IsWorking(ZoneTime.Find(person.TimeZone), person.WorkingHours, at);

    public static bool IsWorking(TimeZoneInfo zone, IReadOnlyList<WorkingHours> hours, DateTimeOffset at) =>
        StretchesFrom(zone, hours, at).Take(1).Any(s => s.Contains(at));

    /// <summary><paramref name="at"/> itself when the person is working then, else when they next start; null when they have no hours.</summary>
    public static DateTimeOffset? NextStart(Person person, DateTimeOffset at) =>
        NextStart(ZoneTime.Find(person.TimeZone), person.WorkingHours, at);

    /// <inheritdoc cref="NextStart(Person, DateTimeOffset)"/>
    public static DateTimeOffset? NextStart(TimeZoneInfo zone, IReadOnlyList<WorkingHours> hours, DateTimeOffset at)
    {
        foreach (var stretch in StretchesFrom(zone, hours, at))
        {
            return stretch.Start > at ? stretch.Start : at;
        }

        return null;
    }

    /// <summary>
    /// The stretches of work that end after <paramref name="from"/>, in order, with touching or
    /// overlapping hours merged (Monday 18:00–00:00 and Tuesday 00:00–06:00 are one stretch), at most
    /// a week each: round-the-clock hours come as touching week-long pieces. The first may have
    /// started before <paramref name="from"/>. Endless unless there are no hours.
    /// </summary>
    public static IEnumerable<WorkStretch> StretchesFrom(TimeZoneInfo zone, IReadOnlyList<WorkingHours> hours, DateTimeOffset from)
    {
        if (hours.Count == 0)
        {
            yield break;
        }

        var byDay = hours
            .GroupBy(h => h.Day)
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.Start).ToArray());

        // Start a day early: last night's overnight stretch may still be running.
        var day = DateOnly.FromDateTime(ZoneTime.ToLocal(from, zone)).AddDays(-1);
        WorkStretch? pending = null;
        while (true)
        {
            foreach (var entry in byDay.GetValueOrDefault(day.DayOfWeek, []))
            {
                var start = ZoneTime.ToInstant(day.ToDateTime(entry.Start), zone);
                var end = ZoneTime.ToInstant((entry.IsOvernight ? day.AddDays(1) : day).ToDateTime(entry.End), zone);
                if (end <= from || end <= start)
                {
                    continue;
                }

                if (pending is { } open && start <= open.End)
                {
                    pending = open with { End = end > open.End ? end : open.End };

                    // Hours that join end to end all week (someone on duty around the clock) would merge
                    // forever: hand out a week at a time, the next piece starting where this one ends.
                    if (pending.Value.End - pending.Value.Start >= LongestStretch)
                    {
                        yield return pending.Value;
                        pending = null;
                    }

                    continue;
                }

                if (pending is { } done)
                {
                    yield return done;
                }

                pending = new WorkStretch(start, end);
            }

            day = day.AddDays(1);
        }
    }
}
