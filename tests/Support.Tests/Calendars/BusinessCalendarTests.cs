using Support.Core.Calendars;
using Xunit;
using Support.Core.Roster;
using Support.Core.Sla;

namespace Support.Tests.Calendars;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo London = ZoneTime.Find("Europe/London");

    private static BusinessCalendar SplitShifts(params DateOnly[] holidays) => new(
        "test",
        London,
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .SelectMany(d => new[] { new WorkingHours(d, new TimeOnly(9, 0), new TimeOnly(12, 0)), new WorkingHours(d, new TimeOnly(13, 0), new TimeOnly(17, 0)) })],
        holidays);

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        ZoneTime.ToInstant(new DateTime(year, month, day, hour, minute, 0), London);

    [Fact]
    public void Business_hours_skip_the_lunch_break_the_night_and_the_weekend()
    {
        var calendar = SplitShifts();

        // Friday 16:00 + 8 business hours: 1 h Friday, then Monday 09–12 (3 h) and 13–17 (4 h).
        Assert.Equal(Local(2026, 3, 16, 17), calendar.Advance(Local(2026, 3, 13, 16), TimeSpan.FromHours(8)));
        Assert.Equal(Local(2026, 3, 16, 14), calendar.Advance(Local(2026, 3, 16, 11), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_holiday_closes_the_whole_day()
    {
        var calendar = SplitShifts(new DateOnly(2026, 12, 25));

        // Thursday 24 Dec 16:00 + 2 h: 1 h that day, Christmas Friday closed, the rest on Monday.
        Assert.Equal(Local(2026, 12, 28, 10), calendar.Advance(Local(2026, 12, 24, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Hours_stay_on_the_wall_clock_across_daylight_saving()
    {
        var calendar = SplitShifts();

        // Clocks go forward on Sunday 29 March 2026; Monday still opens at 09:00 local (08:00 UTC).
        var due = calendar.Advance(Local(2026, 3, 27, 17), TimeSpan.FromHours(1));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.Zero), due.ToUniversalTime());
    }

    [Fact]
    public void End_of_business_day_is_the_close_of_the_afternoon_shift_or_the_next_business_day()
    {
        var calendar = SplitShifts();

        Assert.Equal(Local(2026, 3, 16, 17), calendar.EndOfBusinessDay(Local(2026, 3, 16, 10)));
        Assert.Equal(Local(2026, 3, 16, 17), calendar.EndOfBusinessDay(Local(2026, 3, 14, 10)));
    }

    [Fact]
    public void Business_days_land_on_the_same_point_of_the_day()
    {
        var calendar = SplitShifts();

        Assert.Equal(Local(2026, 3, 18, 10), calendar.AddBusinessDays(Local(2026, 3, 16, 10), 2));
        Assert.Equal(Local(2026, 3, 17, 10), calendar.AddBusinessDays(Local(2026, 3, 13, 10), 2));
    }

    [Theory]
    [InlineData("1 hour", SlaClock.Calendar, 1)]
    [InlineData("8 business hours", SlaClock.BusinessHours, 8)]
    [InlineData("5 business days", SlaClock.BusinessDays, 5)]
    public void Durations_read_as_the_policy_writes_them(string text, SlaClock clock, double amount)
    {
        Assert.True(SlaDuration.TryParse(text, out var duration));
        Assert.Equal(clock, duration.Clock);
        Assert.Equal(amount, duration.Amount);
    }
}
