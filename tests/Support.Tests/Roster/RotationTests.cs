using Support.Core.Domain;
using Support.Core.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

public sealed class RotationTests
{
    private static Rotation Rotation(string zone, DateTime start, int lengthDays) => new()
    {
        Role = SupportRole.FirstLevel,
        Start = start,
        TimeZone = zone,
        LengthDays = lengthDays,
        People = ["first", "second", "third"],
    };

    public static TheoryData<string, DateTime, int, DateTimeOffset> HandoversAcrossDaylightSaving => new()
    {
        // London springs forward on 30 March 2025: 09:00 GMT turns into 09:00 BST, an hour earlier in UTC.
        { "Europe/London", new DateTime(2025, 3, 17, 9, 0, 0), 14, new DateTimeOffset(2025, 3, 31, 8, 0, 0, TimeSpan.Zero) },
        // London falls back on 26 October 2025.
        { "Europe/London", new DateTime(2025, 10, 13, 9, 0, 0), 14, new DateTimeOffset(2025, 10, 27, 9, 0, 0, TimeSpan.Zero) },
        // Sydney leaves daylight saving on 6 April 2025 (+11 to +10) and enters it on 5 October 2025.
        { "Australia/Sydney", new DateTime(2025, 3, 31, 9, 0, 0), 7, new DateTimeOffset(2025, 4, 6, 23, 0, 0, TimeSpan.Zero) },
        { "Australia/Sydney", new DateTime(2025, 9, 29, 9, 0, 0), 7, new DateTimeOffset(2025, 10, 5, 22, 0, 0, TimeSpan.Zero) },
        // Los Angeles falls back on 2 November 2025 (-7 to -8) and springs forward on 9 March 2025.
        { "America/Los_Angeles", new DateTime(2025, 10, 27, 9, 0, 0), 14, new DateTimeOffset(2025, 11, 10, 17, 0, 0, TimeSpan.Zero) },
        { "America/Los_Angeles", new DateTime(2025, 3, 3, 9, 0, 0), 14, new DateTimeOffset(2025, 3, 17, 16, 0, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(HandoversAcrossDaylightSaving))]
    public void A_handover_stays_at_the_same_local_time_across_daylight_saving(string zone, DateTime start, int lengthDays, DateTimeOffset expectedHandover)
    {
        var rotation = Rotation(zone, start, lengthDays);

        var handover = OnDuty.TurnStart(rotation, 1);

        Assert.Equal(expectedHandover, handover);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(ZoneTime.ToLocal(handover, ZoneTime.Find(zone))));
        Assert.Equal(0, OnDuty.TurnAt(rotation, handover.AddTicks(-1)));
        Assert.Equal(1, OnDuty.TurnAt(rotation, handover));
    }

    [Fact]
    public void The_person_on_duty_follows_the_rotation_order_and_wraps_around()
    {
        var rotation = Rotation("Europe/London", new DateTime(2025, 6, 2, 9, 0, 0), 14);
        var start = OnDuty.TurnStart(rotation, 0);

        Assert.Equal(0, OnDuty.TurnAt(rotation, start.AddDays(13)));
        Assert.Equal(1, OnDuty.TurnAt(rotation, start.AddDays(14)));
        Assert.Equal(2, OnDuty.TurnAt(rotation, start.AddDays(28)));
        Assert.Equal(0, OnDuty.TurnAt(rotation, start.AddDays(42)));
        Assert.Equal(2, OnDuty.TurnAt(rotation, start.AddHours(-1)));
    }

    [Fact]
    public void A_handover_in_the_repeated_hour_happens_once()
    {
        // London repeats 01:00–02:00 on 26 October 2025; the handover is at the first 01:30 (BST, 00:30 UTC).
        var rotation = Rotation("Europe/London", new DateTime(2025, 10, 12, 1, 30, 0), 14);

        Assert.Equal(0, OnDuty.TurnNumberAt(rotation, new DateTimeOffset(2025, 10, 26, 0, 29, 0, TimeSpan.Zero)));
        Assert.Equal(1, OnDuty.TurnNumberAt(rotation, new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero)));

        // 01:15 UTC reads 01:15 GMT on the wall clock, "before" 01:30 again: the turn must not flip back.
        Assert.Equal(1, OnDuty.TurnNumberAt(rotation, new DateTimeOffset(2025, 10, 26, 1, 15, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_handover_in_the_skipped_hour_happens_when_the_clock_resumes()
    {
        // 01:30 does not exist in London on 30 March 2025: the handover is at 02:30 BST, 01:30 UTC.
        var rotation = Rotation("Europe/London", new DateTime(2025, 3, 16, 1, 30, 0), 14);

        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 30, 0, TimeSpan.Zero), OnDuty.TurnStart(rotation, 1));
    }

    [Fact]
    public void Each_role_has_its_own_person_on_duty()
    {
        var roster = TestRoster.Team();
        var secondTurn = TestRoster.LondonMorning.AddDays(14);

        Assert.Equal("ana", OnDuty.For(roster, SupportRole.FirstLevel, TestRoster.LondonMorning)?.Id);
        Assert.Equal("tom", OnDuty.For(roster, SupportRole.Technical, TestRoster.LondonMorning)?.Id);
        Assert.Equal("ben", OnDuty.For(roster, SupportRole.FirstLevel, secondTurn)?.Id);
        Assert.Equal("uma", OnDuty.For(roster, SupportRole.Technical, secondTurn)?.Id);
        Assert.Equal("meg", OnDuty.For(roster, SupportRole.Manager, secondTurn)?.Id);
    }
}
