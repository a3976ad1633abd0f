using Support.Core.Domain;

namespace Support.Core.Roster;

/// <summary>One turn of a rotation: who holds the role, and from when until when.</summary>
public sealed record DutyTurn(SupportRole Role, long Number, string PersonId, DateTimeOffset Start, DateTimeOffset End);

public static class OnDuty
{
    /// <summary>Who holds <paramref name="role"/> at <paramref name="now"/>, by its rotation; null when no rotation covers the role.</summary>
    public static Person? For(RosterDocument roster, SupportRole role, DateTimeOffset now) =>
        TurnFor(roster, role, now) is { } turn ? roster.Find(turn.PersonId) : null;

    /// <summary>The turn of <paramref name="role"/>'s rotation running at <paramref name="now"/>; null when no rotation covers the role.</summary>
    public static DutyTurn? TurnFor(RosterDocument roster, SupportRole role, DateTimeOffset now)
    {
        var rotation = roster.Rotations.FirstOrDefault(r => r.Role == role && r.People.Count > 0);
        if (rotation is null)
        {
            return null;
        }

        var number = TurnNumberAt(rotation, now);
        return new DutyTurn(role, number, rotation.People[TurnIndex(rotation, number)], TurnStart(rotation, number), TurnStart(rotation, number + 1));
    }

    /// <summary>Index into the rotation's people of the turn running at <paramref name="now"/>.</summary>
    public static int TurnAt(Rotation rotation, DateTimeOffset now) => TurnIndex(rotation, TurnNumberAt(rotation, now));

    /// <summary>How many turns have started since the rotation's first one (negative before it).</summary>
    public static long TurnNumberAt(Rotation rotation, DateTimeOffset now)
    {
        var zone = ZoneTime.Find(rotation.TimeZone);
        var length = Math.Max(1, rotation.LengthDays);

        // A first guess on the wall clock, then settled against the real handover instants: around a
        // fall-back change the wall clock repeats an hour, and the turn must not flip back and forth.
        var elapsed = ZoneTime.ToLocal(now, zone) - DateTime.SpecifyKind(rotation.Start, DateTimeKind.Unspecified);
        var number = (long)Math.Floor(elapsed.TotalDays / length);
        while (TurnStart(rotation, number + 1) <= now)
        {
            number++;
        }

        while (TurnStart(rotation, number) > now)
        {
            number--;
        }

        return number;
    }

    /// <summary>
    /// When turn <paramref name="number"/> begins: the rotation's start plus whole days on the wall
    /// clock, so a 09:00 handover stays at 09:00 local whatever daylight saving does in between.
    /// </summary>
    public static DateTimeOffset TurnStart(Rotation rotation, long number)
    {
        var zone = ZoneTime.Find(rotation.TimeZone);
        var local = DateTime.SpecifyKind(rotation.Start, DateTimeKind.Unspecified).AddDays((double)number * Math.Max(1, rotation.LengthDays));
        return ZoneTime.ToInstant(local, zone);
    }

    private static int TurnIndex(Rotation rotation, long number)
    {
        var count = rotation.People.Count;
        return (int)(((number % count) + count) % count);
    }
}
