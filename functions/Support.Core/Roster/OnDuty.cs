using Support.Core.Domain;

namespace Support.Core.Roster;

public static class OnDuty
{
    /// <summary>Who holds <paramref name="role"/> at <paramref name="now"/>, by its rotation; null when no rotation covers the role.</summary>
    public static Person? For(RosterDocument roster, SupportRole role, DateTimeOffset now)
    {
        var rotation = roster.Rotations.FirstOrDefault(r => r.Role == role && r.People.Count > 0);
        if (rotation is null)
        {
            return null;
        }

        var turn = TurnAt(rotation, now);
        return roster.Find(rotation.People[turn]);
    }

    /// <summary>Index into the rotation's people of the turn running at <paramref name="now"/>.</summary>
    public static int TurnAt(Rotation rotation, DateTimeOffset now)
    {
        var number = TurnNumberAt(rotation, now);
        var count = rotation.People.Count;
        return (int)(((number % count) + count) % count);
    }

    /// <summary>How many turns have started since the rotation's first one (negative before it).</summary>
    public static long TurnNumberAt(Rotation rotation, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rotation.TimeZone);
        var localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;

        // Wall-clock arithmetic on purpose: turns change at the same local time whatever the UTC offset.
        var elapsed = localNow - DateTime.SpecifyKind(rotation.Start, DateTimeKind.Unspecified);
        return (long)Math.Floor(elapsed.TotalDays / Math.Max(1, rotation.LengthDays));
    }
}
