namespace Support.Core.Roster;

/// <summary>Turns wall-clock times in an IANA zone into instants, with a defined answer for the hours daylight saving skips or repeats.</summary>
public static class ZoneTime
{
    public static bool TryFind(string? timeZoneId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The zone, or a <see cref="TimeZoneNotFoundException"/> naming it; rosters are validated before they are stored.</summary>
    public static TimeZoneInfo Find(string timeZoneId) =>
        TryFind(timeZoneId, out var zone) ? zone : throw new TimeZoneNotFoundException($"Unknown time zone '{timeZoneId}'.");

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>
    /// The instant a wall clock in <paramref name="zone"/> shows <paramref name="local"/>. A time
    /// skipped by a spring-forward change moves forward by the gap (02:30 becomes 03:30); a time
    /// repeated by a fall-back change means its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        if (zone.IsInvalidTime(local))
        {
            // Read with the offset in force before the gap, the instant lands after it.
            var before = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local, before).ToOffset(zone.GetUtcOffset(local.AddDays(1)));
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
