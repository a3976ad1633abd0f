using Support.Core.Domain;
using Support.Core.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

public sealed class WorkingTimeTests
{
    private static readonly Person SplitShift = TestRoster.Person("amira", "Europe/London", SupportRole.FirstLevel,
        hours: TestRoster.Weekly(("08:00", "12:00"), ("13:00", "17:00")));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, 0, true)] // 08:00 BST, first stretch starts
    [InlineData(10, 59, true)] // 11:59 BST
    [InlineData(11, 0, false)] // 12:00 BST, lunch
    [InlineData(11, 30, false)]
    [InlineData(12, 0, true)] // 13:00 BST, second stretch
    [InlineData(15, 59, true)]
    [InlineData(16, 0, false)] // 17:00 BST, done
    public void A_split_shift_leaves_a_gap_at_lunch(int utcHour, int utcMinute, bool working)
    {
        Assert.Equal(working, WorkingTime.IsWorking(SplitShift, Utc(2025, 6, 4, utcHour, utcMinute)));
    }

    [Fact]
    public void The_next_start_is_after_lunch_or_on_monday_or_now()
    {
        Assert.Equal(Utc(2025, 6, 4, 12), WorkingTime.NextStart(SplitShift, Utc(2025, 6, 4, 11, 30)));
        Assert.Equal(Utc(2025, 6, 9, 7), WorkingTime.NextStart(SplitShift, Utc(2025, 6, 6, 16, 30)));
        Assert.Equal(Utc(2025, 6, 4, 9), WorkingTime.NextStart(SplitShift, Utc(2025, 6, 4, 9)));
    }

    [Fact]
    public void Hours_stay_on_the_london_wall_clock_across_the_spring_change()
    {
        var person = TestRoster.Person("oliver", "Europe/London", SupportRole.Technical);

        // Friday 28 March 2025 is GMT: 09:00 local is 09:00 UTC. Monday 31 March is BST: 09:00 local is 08:00 UTC.
        Assert.False(WorkingTime.IsWorking(person, Utc(2025, 3, 28, 8, 30)));
        Assert.True(WorkingTime.IsWorking(person, Utc(2025, 3, 31, 8, 0)));
        Assert.Equal(Utc(2025, 3, 31, 8), WorkingTime.NextStart(person, Utc(2025, 3, 29, 12)));
    }

    [Fact]
    public void Hours_stay_on_the_sydney_wall_clock_when_daylight_saving_ends()
    {
        var person = TestRoster.Person("chloe", "Australia/Sydney", SupportRole.FirstLevel);

        // Friday 4 April 2025 09:00 AEDT (+11) is 22:00 UTC the day before; Monday 7 April 09:00 AEST (+10) is 23:00 UTC on the 6th.
        Assert.True(WorkingTime.IsWorking(person, Utc(2025, 3, 31, 22, 0)));
        Assert.Equal(Utc(2025, 4, 6, 23), WorkingTime.NextStart(person, Utc(2025, 4, 4, 7)));
        Assert.False(WorkingTime.IsWorking(person, Utc(2025, 4, 6, 22, 30)));
    }

    [Fact]
    public void Hours_stay_on_the_los_angeles_wall_clock_when_daylight_saving_ends()
    {
        var person = TestRoster.Person("maria", "America/Los_Angeles", SupportRole.FirstLevel);

        // Friday 31 October 2025 is PDT (-7); Monday 3 November is PST (-8).
        Assert.True(WorkingTime.IsWorking(person, Utc(2025, 10, 31, 16)));
        Assert.Equal(Utc(2025, 11, 3, 17), WorkingTime.NextStart(person, Utc(2025, 11, 1, 0)));
    }

    [Fact]
    public void An_overnight_stretch_runs_into_the_next_day()
    {
        var zone = ZoneTime.Find("Europe/London");
        IReadOnlyList<WorkingHours> nights = [new(DayOfWeek.Monday, new TimeOnly(22, 0), new TimeOnly(6, 0))];

        // Monday 2 June 2025 is BST.
        Assert.False(WorkingTime.IsWorking(zone, nights, Utc(2025, 6, 2, 20, 59)));
        Assert.True(WorkingTime.IsWorking(zone, nights, Utc(2025, 6, 2, 21, 0)));
        Assert.True(WorkingTime.IsWorking(zone, nights, Utc(2025, 6, 3, 4, 59)));
        Assert.False(WorkingTime.IsWorking(zone, nights, Utc(2025, 6, 3, 5, 0)));
    }

    [Fact]
    public void Stretches_that_touch_at_midnight_are_one()
    {
        var zone = ZoneTime.Find("Europe/London");
        IReadOnlyList<WorkingHours> hours =
        [
            new(DayOfWeek.Monday, new TimeOnly(18, 0), new TimeOnly(0, 0)),
            new(DayOfWeek.Tuesday, new TimeOnly(0, 0), new TimeOnly(6, 0)),
        ];

        var first = WorkingTime.StretchesFrom(zone, hours, Utc(2025, 6, 2, 12)).First();

        Assert.Equal(new WorkStretch(Utc(2025, 6, 2, 17), Utc(2025, 6, 3, 5)), first);
    }

    [Fact]
    public void A_stretch_starting_in_the_skipped_hour_starts_when_the_clock_resumes()
    {
        var zone = ZoneTime.Find("Europe/London");
        IReadOnlyList<WorkingHours> hours = [new(DayOfWeek.Sunday, new TimeOnly(1, 30), new TimeOnly(3, 0))];

        // On 30 March 2025 London skips from 01:00 to 02:00: 01:30 becomes 02:30 BST, 01:30 UTC.
        var stretch = WorkingTime.StretchesFrom(zone, hours, Utc(2025, 3, 29, 12)).First();

        Assert.Equal(new WorkStretch(Utc(2025, 3, 30, 1, 30), Utc(2025, 3, 30, 2)), stretch);
    }

    [Fact]
    public void Someone_without_hours_never_works()
    {
        var person = TestRoster.Person("nobody", "Europe/London", SupportRole.FirstLevel, hours: []);

        Assert.False(WorkingTime.IsWorking(person, Utc(2025, 6, 4, 10)));
        Assert.Null(WorkingTime.NextStart(person, Utc(2025, 6, 4, 10)));
    }

    [Fact]
    public void Round_the_clock_hours_are_working_at_any_hour_and_come_as_touching_weeks()
    {
        IReadOnlyList<WorkingHours> allWeek = [.. Enum.GetValues<DayOfWeek>().Select(d => new WorkingHours(d, new TimeOnly(0, 0), new TimeOnly(0, 0)))];
        var zone = ZoneTime.Find("Europe/London");
        var from = Utc(2026, 3, 27, 3);

        Assert.True(WorkingTime.IsWorking(zone, allWeek, from));
        Assert.Equal(from, WorkingTime.NextStart(zone, allWeek, from));

        // Across the spring change, with no gap between the pieces.
        var stretches = WorkingTime.StretchesFrom(zone, allWeek, from).Take(3).ToList();
        Assert.True(stretches[0].Start <= from);
        Assert.Equal(stretches[0].End, stretches[1].Start);
        Assert.Equal(stretches[1].End, stretches[2].Start);
        Assert.All(stretches, s => Assert.True(s.End - s.Start <= TimeSpan.FromDays(8)));
    }
}
