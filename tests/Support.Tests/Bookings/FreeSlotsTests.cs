using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Bookings;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Roster;
using Support.Tests.Fakes;
using Support.Tests.Roster;
using Xunit;

namespace Support.Tests.Bookings;

/// <summary>Slots as a customer sees them: on each giver's wall clock across daylight-saving changes, never on their holidays, clear of other sessions, after the notice.</summary>
public sealed class FreeSlotsTests
{
    private static readonly RegionPolicy Regions = RegionPolicy.LoadEmbedded();
    private static readonly BookingOptions Options = new();
    private static readonly SessionKind Phone = Options.Kind("phone")!;
    private static readonly SessionKind Onboarding = Options.Kind("onboarding")!;

    private static readonly Person Chloe = TestRoster.Person("chloe", "Australia/Sydney", SupportRole.FirstLevel);
    private static readonly Person Amira = TestRoster.Person("amira", "Europe/London", SupportRole.FirstLevel, hours: TestRoster.Weekly(("08:00", "12:00"), ("13:00", "17:00")));
    private static readonly Person Maria = TestRoster.Person("maria", "America/Los_Angeles", SupportRole.FirstLevel, hours: TestRoster.Weekly(("08:00", "16:30"))) with { Region = "us" };
    private static readonly Person Oliver = TestRoster.Person("oliver", "Europe/London", SupportRole.Technical, cap: 1);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static RosterDocument Team(params Person[] people) => new() { People = people };

    private static IReadOnlyList<FreeSlot> Slots(SessionKind kind, DateTimeOffset now, Person[] people, IEnumerable<PersonDay>? days = null, string? preferred = null) =>
        FreeSlots.Find(kind, Team(people), Regions, days ?? [], Options, now, preferred);

    private static IEnumerable<string> LocalTimesOn(IEnumerable<FreeSlot> slots, string zone, DateOnly day) =>
        slots.Select(s => ZoneTime.ToLocal(s.Start, ZoneTime.Find(zone)))
            .Where(t => DateOnly.FromDateTime(t) == day)
            .Select(t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

    private static string[] HalfHours(string from, string to)
    {
        var times = new List<string>();
        for (var t = TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture); t < TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture); t = t.AddMinutes(30))
        {
            times.Add(t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        return [.. times];
    }

    [Fact]
    public void Sydney_slots_stay_at_nine_local_when_daylight_saving_starts_and_move_an_hour_in_utc()
    {
        // Sydney springs forward on Sunday 4 October 2026: Friday is AEST (+10), Monday AEDT (+11).
        var slots = Slots(Phone, Utc(2026, 10, 1, 0), [Chloe]);

        Assert.Equal(HalfHours("09:00", "16:30").Append("16:30"), LocalTimesOn(slots, "Australia/Sydney", new DateOnly(2026, 10, 2)));
        Assert.Equal(HalfHours("09:00", "16:30").Append("16:30"), LocalTimesOn(slots, "Australia/Sydney", new DateOnly(2026, 10, 5)));
        Assert.Contains(slots, s => s.Start == Utc(2026, 10, 1, 23));
        Assert.Contains(slots, s => s.Start == Utc(2026, 10, 4, 22));
        Assert.DoesNotContain(slots, s => s.Start == Utc(2026, 10, 4, 21, 30));
    }

    [Fact]
    public void London_slots_stay_on_the_split_shift_when_summer_time_ends()
    {
        // Britain falls back on Sunday 25 October 2026: Friday 08:00 BST is 07:00 UTC, Monday 08:00 GMT is 08:00 UTC.
        var slots = Slots(Phone, Utc(2026, 10, 21, 12), [Amira]);

        string[] day = [.. HalfHours("08:00", "12:00"), .. HalfHours("13:00", "17:00")];
        Assert.Equal(day, LocalTimesOn(slots, "Europe/London", new DateOnly(2026, 10, 23)));
        Assert.Equal(day, LocalTimesOn(slots, "Europe/London", new DateOnly(2026, 10, 26)));
        Assert.Contains(slots, s => s.Start == Utc(2026, 10, 23, 7));
        Assert.Contains(slots, s => s.Start == Utc(2026, 10, 26, 8));
        Assert.DoesNotContain(slots, s => s.Start == Utc(2026, 10, 26, 7));

        // Nothing over lunch: a 30-minute session ending at 12:00 is the last of the morning.
        Assert.DoesNotContain("12:00", LocalTimesOn(slots, "Europe/London", new DateOnly(2026, 10, 26)));
    }

    [Fact]
    public void Los_Angeles_slots_follow_the_pacific_clock_and_skip_thanksgiving()
    {
        // Los Angeles falls back on Sunday 1 November 2026: Friday 08:00 PDT is 15:00 UTC, Monday 08:00 PST is 16:00 UTC.
        var slots = Slots(Phone, Utc(2026, 10, 28, 12), [Maria]);
        Assert.Contains(slots, s => s.Start == Utc(2026, 10, 30, 15));
        Assert.Contains(slots, s => s.Start == Utc(2026, 11, 2, 16));
        Assert.DoesNotContain(slots, s => s.Start == Utc(2026, 11, 2, 15));
        Assert.Equal(HalfHours("08:00", "16:30"), LocalTimesOn(slots, "America/Los_Angeles", new DateOnly(2026, 11, 2)));

        // Thanksgiving, Thursday 26 November, is a holiday of the US region Maria keeps.
        var thanksgiving = Slots(Phone, Utc(2026, 11, 20, 12), [Maria]);
        Assert.Empty(LocalTimesOn(thanksgiving, "America/Los_Angeles", new DateOnly(2026, 11, 26)));
        Assert.NotEmpty(LocalTimesOn(thanksgiving, "America/Los_Angeles", new DateOnly(2026, 11, 25)));
        Assert.NotEmpty(LocalTimesOn(thanksgiving, "America/Los_Angeles", new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void London_holidays_close_the_day_and_the_notice_counts_only_business_hours()
    {
        // Thursday 24 December 2026 at 15:00: two business hours left that day, then Christmas and the weekend and the
        // 28th (holidays), so the four hours' notice ends at 10:00 on Tuesday 29 December.
        var slots = Slots(Phone, Utc(2026, 12, 24, 15), [Amira]);

        Assert.Equal(Utc(2026, 12, 29, 10), slots[0].Start);
        Assert.Empty(LocalTimesOn(slots, "Europe/London", new DateOnly(2026, 12, 25)));
        Assert.Empty(LocalTimesOn(slots, "Europe/London", new DateOnly(2026, 12, 28)));
    }

    [Fact]
    public void A_booked_session_keeps_the_buffer_clear_on_both_sides()
    {
        var now = Utc(2026, 6, 1, 6);
        var booked = new PersonDay("amira", new DateOnly(2026, 6, 3), [new BookedSession("x", "phone", Utc(2026, 6, 3, 9), Utc(2026, 6, 3, 9, 30), false)], "e1");
        var times = LocalTimesOn(Slots(Phone, now, [Amira], [booked]), "Europe/London", new DateOnly(2026, 6, 3)).ToList();

        // 10:00–10:30 BST is taken; with 15 minutes either side 09:30 and 10:30 are too close, 09:00 and 11:00 are fine.
        Assert.Contains("09:00", times);
        Assert.DoesNotContain("09:30", times);
        Assert.DoesNotContain("10:00", times);
        Assert.DoesNotContain("10:30", times);
        Assert.Contains("11:00", times);
    }

    [Fact]
    public void Slots_end_at_the_horizon_and_never_start_before_the_notice()
    {
        var now = Utc(2026, 6, 1, 9);
        var slots = Slots(Phone, now, [Amira]);

        // Monday 10:00 BST plus four business hours is 15:00 BST (lunch does not count).
        Assert.Equal(Utc(2026, 6, 1, 14), slots[0].Start);
        Assert.All(slots, s => Assert.True(s.Start < now + TimeSpan.FromDays(14)));
        Assert.Contains(slots, s => s.Start > now + TimeSpan.FromDays(13));
    }

    [Fact]
    public void Onboarding_sessions_count_toward_the_cap_for_their_day()
    {
        var now = Utc(2026, 6, 1, 6);
        var day = new DateOnly(2026, 6, 3);
        var booked = new PersonDay("oliver", day, [new BookedSession("x", "onboarding", Utc(2026, 6, 3, 8), Utc(2026, 6, 3, 9), true)], "e1");

        // Oliver's cap is one: a second onboarding session that day is not offered, another day is.
        Assert.Empty(LocalTimesOn(Slots(Onboarding, now, [Oliver], [booked]), "Europe/London", day));
        Assert.NotEmpty(LocalTimesOn(Slots(Onboarding, now, [Oliver], [booked]), "Europe/London", day.AddDays(1)));
    }

    [Fact]
    public void Active_tickets_fill_the_cap_with_the_days_onboarding_sessions()
    {
        var now = Utc(2026, 6, 1, 6);
        var day = new DateOnly(2026, 6, 3);
        var pia = TestRoster.Person("pia", "Europe/London", SupportRole.Technical, cap: 3);
        var booked = new PersonDay("pia", day, [new BookedSession("x", "onboarding", Utc(2026, 6, 3, 8), Utc(2026, 6, 3, 9), true)], "e1");
        IReadOnlyList<FreeSlot> With(int active) =>
            FreeSlots.Find(Onboarding, Team(pia), Regions, [booked], Options, now, activeTickets: new Dictionary<string, int> { ["pia"] = active });

        // Cap three: one active ticket and that day's session leave room for one more; two fill it on that day only.
        Assert.NotEmpty(LocalTimesOn(With(1), "Europe/London", day));
        Assert.Empty(LocalTimesOn(With(2), "Europe/London", day));
        Assert.NotEmpty(LocalTimesOn(With(2), "Europe/London", day.AddDays(1)));
        Assert.Empty(With(3));

        // A phone call is not active work toward the cap.
        var phone = FreeSlots.Find(Phone with { Role = SupportRole.Technical }, Team(pia), Regions, [booked], Options, now, activeTickets: new Dictionary<string, int> { ["pia"] = 3 });
        Assert.NotEmpty(phone);
    }

    [Fact]
    public void Each_start_goes_to_whoever_holds_the_rotation_then_to_the_least_booked()
    {
        var now = Utc(2026, 6, 1, 6);
        var ana = TestRoster.Person("ana", "Europe/London", SupportRole.FirstLevel);
        var ben = TestRoster.Person("ben", "Europe/London", SupportRole.FirstLevel);
        var zed = TestRoster.Person("zed", "Europe/London", SupportRole.FirstLevel);

        // Weekly turns handed over on Wednesdays at 09:00 London: zed until 3 June, then ben, then zed again from 10 June.
        var roster = new RosterDocument
        {
            People = [ana, ben, zed],
            Rotations = [new Rotation { Role = SupportRole.FirstLevel, Start = new DateTime(2026, 5, 27, 9, 0, 0), TimeZone = "Europe/London", LengthDays = 7, People = ["zed", "ben"] }],
        };
        var busyZed = new PersonDay("zed", new DateOnly(2026, 6, 2), [new BookedSession("x", "phone", Utc(2026, 6, 2, 12), Utc(2026, 6, 2, 12, 30), false)], "e1");
        var slots = FreeSlots.Find(Phone, roster, Regions, [busyZed], Options, now);

        Assert.Equal("zed", slots.Single(s => s.Start == Utc(2026, 6, 2, 10)).PersonId);
        Assert.Equal("ana", slots.Single(s => s.Start == Utc(2026, 6, 2, 12)).PersonId);
        Assert.Equal("ben", slots.Single(s => s.Start == Utc(2026, 6, 3, 8)).PersonId);
        Assert.Equal("zed", slots.Single(s => s.Start == Utc(2026, 6, 10, 8)).PersonId);

        // The ticket's assignee still comes first when free.
        Assert.All(FreeSlots.Find(Phone, roster, Regions, [], Options, now, preferred: "ana"), s => Assert.Equal("ana", s.PersonId));
    }

    [Fact]
    public void Each_start_goes_to_the_preferred_giver_when_free_else_to_the_least_booked()
    {
        var now = Utc(2026, 6, 1, 6);
        var ana = TestRoster.Person("ana", "Europe/London", SupportRole.FirstLevel);
        var ben = TestRoster.Person("ben", "Europe/London", SupportRole.FirstLevel);
        var busyAna = new PersonDay("ana", new DateOnly(2026, 6, 3), [new BookedSession("x", "phone", Utc(2026, 6, 3, 15), Utc(2026, 6, 3, 15, 30), false)], "e1");

        var slots = Slots(Phone, now, [ana, ben], [busyAna]);
        Assert.Equal("ana", slots.Single(s => s.Start == Utc(2026, 6, 2, 10)).PersonId);
        Assert.Equal("ben", slots.Single(s => s.Start == Utc(2026, 6, 3, 10)).PersonId);
        Assert.Equal("ben", slots.Single(s => s.Start == Utc(2026, 6, 3, 15)).PersonId);

        var forBen = Slots(Phone, now, [ana, ben], [busyAna], preferred: "ben");
        Assert.All(forBen, s => Assert.Equal("ben", s.PersonId));
    }

    [Fact]
    public async Task Two_customers_racing_for_one_slot_get_one_booking_and_the_loser_is_offered_the_next_free_slots()
    {
        var time = new FakeTimeProvider(Utc(2026, 6, 1, 6));
        var store = new InMemoryBookingStore();
        var calendar = Calendar(store, time, Team(TestRoster.Person("ana", "Europe/London", SupportRole.FirstLevel)));
        var start = Utc(2026, 6, 2, 10);

        // The first customer's write lands between the second's read and write: the second's write finds the day changed.
        ClaimOutcome? first = null;
        store.BeforeClaim = async () => first = await calendar.ClaimAsync(Request(start, "first@example.com"), CancellationToken.None);
        var second = await calendar.ClaimAsync(Request(start, "second@example.com"), CancellationToken.None);

        Assert.Equal(ClaimStatus.Booked, first!.Status);
        Assert.Equal(ClaimStatus.Taken, second.Status);
        Assert.Single(store.All);
        Assert.Equal("first@example.com", store.All[0].CustomerEmail);
        Assert.NotEmpty(second.NextFree);
        Assert.All(second.NextFree, s => Assert.True(s.Start >= start + TimeSpan.FromMinutes(45), $"{s.Start:O} is within the booked session or its buffer"));
    }

    [Fact]
    public async Task A_past_start_is_refused_and_a_released_booking_frees_its_time()
    {
        var time = new FakeTimeProvider(Utc(2026, 6, 1, 6));
        var store = new InMemoryBookingStore();
        var calendar = Calendar(store, time, Team(TestRoster.Person("ana", "Europe/London", SupportRole.FirstLevel)));
        var start = Utc(2026, 6, 2, 10);

        Assert.Equal(ClaimStatus.Past, (await calendar.ClaimAsync(Request(Utc(2026, 5, 30, 10), "a@example.com"), CancellationToken.None)).Status);
        var tooSoon = await calendar.ClaimAsync(Request(Utc(2026, 6, 1, 9), "a@example.com"), CancellationToken.None);
        Assert.Equal(ClaimStatus.Taken, tooSoon.Status);
        Assert.Equal(Utc(2026, 6, 1, 12), tooSoon.NextFree[0].Start);

        var booked = (await calendar.ClaimAsync(Request(start, "a@example.com"), CancellationToken.None)).Booking!;
        Assert.DoesNotContain(await calendar.FreeAsync(Phone, null, CancellationToken.None), s => s.Start == start);

        var released = await calendar.ReleaseAsync(booked, null, CancellationToken.None);
        Assert.Equal(BookingStatus.Cancelled, released!.Status);
        Assert.Null(await calendar.ReleaseAsync(booked, null, CancellationToken.None));
        Assert.Contains(await calendar.FreeAsync(Phone, null, CancellationToken.None), s => s.Start == start);
    }

    [Fact]
    public async Task A_claim_or_release_here_shows_in_the_sessions_assignment_counts_without_another_read()
    {
        // Tuesday 2 June 2026, 07:00 UTC: Oliver's onboarding session at 14:00 London is today for him.
        var time = new FakeTimeProvider(Utc(2026, 6, 2, 7));
        var store = new InMemoryBookingStore();
        var sessions = new SessionLoad(store, Microsoft.Extensions.Options.Options.Create(new BookingOptions()), time);
        var oliver = Oliver with { MaxActiveTickets = 3 };
        var calendar = Calendar(store, time, Team(oliver), sessions);
        Assert.Equal(0, (await sessions.TodayAsync(time.GetUtcNow(), CancellationToken.None)).Of(oliver));

        var booked = (await calendar.ClaimAsync(Request(Utc(2026, 6, 2, 13), "a@example.com") with { Kind = Onboarding }, CancellationToken.None)).Booking!;
        var reads = store.DayReads;
        Assert.Equal(1, (await sessions.TodayAsync(time.GetUtcNow(), CancellationToken.None)).Of(oliver));

        await calendar.ReleaseAsync(booked, null, CancellationToken.None);
        Assert.Equal(0, (await sessions.TodayAsync(time.GetUtcNow(), CancellationToken.None)).Of(oliver));
        Assert.Equal(reads, store.DayReads);
    }

    internal static BookingCalendar Calendar(InMemoryBookingStore store, TimeProvider time, RosterDocument roster, SessionLoad? sessions = null) => new(
        store,
        new InMemoryRosterStore(roster),
        new InMemoryWorkloadIndex(),
        sessions ?? new SessionLoad(store, Microsoft.Extensions.Options.Options.Create(new BookingOptions()), time),
        Regions,
        Microsoft.Extensions.Options.Options.Create(new BookingOptions()),
        Microsoft.Extensions.Options.Options.Create(new MailOptions { SigningKey = new string('k', 40) }),
        time);

    private static BookingRequest Request(DateTimeOffset start, string email) => new()
    {
        Kind = Phone,
        Start = start,
        CustomerName = "Customer",
        CustomerEmail = email,
        CustomerPhone = "+442079460000",
        CustomerTimeZone = "Europe/London",
    };
}
