using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Tickets;
using Support.Core.Assignment;
using Support.Core.Bookings;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Tests.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Assignment;

public sealed class RosterAssignmentPolicyTests
{
    private static readonly DateTimeOffset Now = TestRoster.LondonMorning;

    private readonly InMemoryTicketStore _store = new();
    private readonly InMemoryBookingStore _bookings = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly StoreWorkload _workload;
    private readonly SessionLoad _sessions;
    private readonly RosterAssignmentPolicy _policy;

    public RosterAssignmentPolicyTests()
    {
        _workload = new StoreWorkload(_store);
        _sessions = new SessionLoad(_bookings, Options.Create(new BookingOptions()), _time);
        _policy = new RosterAssignmentPolicy(_store, _workload, _sessions);
    }

    private async Task<AssignmentDecision> ChooseAsync(Ticket ticket, RosterDocument? roster = null) =>
        (await _policy.ChooseAsync(ticket, roster ?? TestRoster.Team(), _time.GetUtcNow(), TestContext.Current.CancellationToken))!;

    /// <summary>Books a session for <paramref name="person"/> straight into the store, as another instance would.</summary>
    private async Task<PersonDay> BookAsync(string person, DateTimeOffset start, string kind = "onboarding")
    {
        var kindOf = new BookingOptions().Kind(kind)!;
        var day = FreeSlots.LocalDay(start, ZoneTime.Find("Europe/London"));
        var booking = new Booking
        {
            Id = Booking.NewId(day),
            Kind = kind,
            PersonId = person,
            Start = start,
            End = start + kindOf.Length,
            CustomerName = "Ada Lovelace",
            CustomerEmail = "ada@example.com",
            CustomerTimeZone = "Europe/London",
            BookedAt = Now.AddDays(-1),
            Uid = "booking@example.com",
        };
        var held = (await _bookings.DayAsync(person, day, TestContext.Current.CancellationToken))
            .With(new BookedSession(booking.Id, kind, booking.Start, booking.End, kindOf.CountsTowardCap));
        Assert.NotNull(await _bookings.TryClaimAsync(held, booking, TestContext.Current.CancellationToken));
        return held;
    }

    private async Task GiveAsync(string person, int count, TicketStatus status = TicketStatus.New, Category category = Category.Question)
    {
        for (var i = 0; i < count; i++)
        {
            await _store.CreateAsync(StoredTicket.New(TestRoster.Ticket(category, Severity.S3, Now.AddHours(-1), status, person)), whileInquiryStored: false, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task The_on_duty_person_comes_first_while_working_and_under_their_cap()
    {
        await GiveAsync("ana", 4);

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now));

        Assert.Equal("ana", decision.Person.Id);
        Assert.False(decision.NotifyManager);
        Assert.Contains("on duty for first-level", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(5, decision.WithinCap);
    }

    [Fact]
    public async Task An_on_duty_person_under_their_cap_is_chosen_on_their_own_load_alone_counted_up_to_their_cap()
    {
        await GiveAsync("ana", 4);

        await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now));

        var read = Assert.Single(_workload.Reads);
        Assert.Equal(["ana"], read.People);
        Assert.Equal(5, read.CountUpTo);
    }

    [Fact]
    public async Task An_on_duty_person_at_their_cap_has_the_others_loads_read_once_more()
    {
        await GiveAsync("ana", 9);

        await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now));

        Assert.Equal(2, _workload.Reads.Count);
        Assert.DoesNotContain("ana", _workload.Reads[1].People);
    }

    [Fact]
    public async Task Technical_tickets_go_to_technical_support()
    {
        var decision = await ChooseAsync(TestRoster.Ticket(Category.Technical, Severity.S2, Now));

        Assert.Equal("tom", decision.Person.Id);
    }

    [Fact]
    public async Task An_on_duty_person_at_their_cap_is_passed_over_for_the_longest_idle_colleague()
    {
        await GiveAsync("ana", 5);
        _workload.EarlierAssignments["ben"] = Now.AddMinutes(-5);
        _workload.EarlierAssignments["cat"] = Now.AddHours(-3);

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Onboarding, Severity.S3, Now));

        Assert.Equal("cat", decision.Person.Id);
        Assert.StartsWith("round robin", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(5, decision.WithinCap);
    }

    [Fact]
    public async Task Pending_tickets_do_not_count_against_the_cap()
    {
        await GiveAsync("ana", 4);
        await GiveAsync("ana", 3, TicketStatus.Pending);

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now));

        Assert.Equal("ana", decision.Person.Id);
    }

    [Fact]
    public async Task Round_robin_takes_turns_as_assignments_are_made()
    {
        await GiveAsync("ana", 5);
        var chosen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now);
            var decision = await ChooseAsync(ticket);
            ticket.Assign(decision.Person.Id, decision.Reason, Actors.System, Now.AddMinutes(i));
            await _store.CreateAsync(StoredTicket.New(ticket), whileInquiryStored: false, TestContext.Current.CancellationToken);
            chosen.Add(decision.Person.Id);
        }

        // Never assigned comes before assigned; ties go by id. Dan is in Sydney, asleep.
        Assert.Equal(["ben", "cat", "ben", "cat"], chosen);
    }

    [Fact]
    public async Task Nobody_eligible_falls_back_to_the_on_duty_person_and_tells_the_manager()
    {
        await GiveAsync("ana", 5);
        await GiveAsync("ben", 5);
        await GiveAsync("cat", 5);

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now));

        Assert.Equal("ana", decision.Person.Id);
        Assert.True(decision.NotifyManager);
        Assert.Equal("every first-level person working now is at their cap", decision.ManagerReason);
        Assert.Null(decision.WithinCap);
    }

    [Fact]
    public async Task Out_of_hours_the_on_duty_person_takes_it_and_the_manager_is_told()
    {
        var saturday = new DateTimeOffset(2025, 6, 7, 12, 0, 0, TimeSpan.Zero);

        var decision = await _policy.ChooseAsync(TestRoster.Ticket(Category.Business, Severity.S3, saturday), TestRoster.Team(), saturday, TestContext.Current.CancellationToken);

        Assert.Equal("ana", decision!.Person.Id);
        Assert.Equal("no first-level person is working now", decision.ManagerReason);
    }

    [Fact]
    public async Task A_reopened_ticket_goes_back_to_its_owner_when_they_are_working_even_off_duty()
    {
        var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now.AddDays(-3), TicketStatus.Open, assignee: "cat");
        ticket.MoveTo(TicketStatus.Solved, Actors.System, Now.AddDays(-2));
        ticket.MoveTo(TicketStatus.Open, Actors.Customer, Now);

        var decision = await ChooseAsync(ticket);

        Assert.True(PreviousOwner.ReopenedSinceAssigned(ticket));
        Assert.Equal("cat", decision.Person.Id);
        Assert.StartsWith("back to cat", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reopened_ticket_whose_owner_is_not_working_is_routed_as_usual()
    {
        var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now.AddDays(-3), TicketStatus.Open, assignee: "dan");
        ticket.MoveTo(TicketStatus.Solved, Actors.System, Now.AddDays(-2));
        ticket.MoveTo(TicketStatus.Open, Actors.Customer, Now);

        var decision = await ChooseAsync(ticket);

        Assert.Equal("ana", decision.Person.Id);
    }

    [Fact]
    public async Task A_follow_up_goes_to_the_owner_of_the_ticket_it_follows()
    {
        var earlier = TestRoster.Ticket(Category.Question, Severity.S3, Now.AddDays(-10), TicketStatus.Open, assignee: "ben");
        earlier.MoveTo(TicketStatus.Solved, Actors.System, Now.AddDays(-9));
        earlier.MoveTo(TicketStatus.Closed, Actors.System, Now.AddDays(-5));
        await _store.CreateAsync(StoredTicket.New(earlier), whileInquiryStored: false, TestContext.Current.CancellationToken);
        var inquiry = TestRoster.Inquiry("SUP-FOLLOW", Now, new Dictionary<string, string> { [PreviousOwner.FollowUpOfAttribute] = earlier.Reference });
        await _store.StoreInquiryAsync(inquiry, TestContext.Current.CancellationToken);
        var followUp = Ticket.Open(inquiry, Now);

        var decision = await ChooseAsync(followUp);

        Assert.Equal("ben", decision.Person.Id);
    }

    [Fact]
    public async Task Without_a_rotation_for_the_role_someone_still_owns_the_ticket()
    {
        var team = TestRoster.Team();
        var roster = team with { Rotations = [.. team.Rotations.Where(r => r.Role != SupportRole.Technical)] };
        var saturday = new DateTimeOffset(2025, 6, 7, 12, 0, 0, TimeSpan.Zero);

        var decision = await _policy.ChooseAsync(TestRoster.Ticket(Category.Technical, Severity.S1, saturday), roster, saturday, TestContext.Current.CancellationToken);

        Assert.Equal("tom", decision!.Person.Id);
        Assert.True(decision.NotifyManager);
    }

    [Fact]
    public async Task A_person_with_an_onboarding_session_today_counts_it_against_their_cap()
    {
        // Ana, on duty with a cap of 3: two active tickets and this afternoon's onboarding session fill it.
        await GiveAsync("ana", 2);
        await BookAsync("ana", Now.AddHours(4));

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3));

        Assert.NotEqual("ana", decision.Person.Id);
        Assert.StartsWith("round robin", decision.Reason, StringComparison.Ordinal);
        Assert.False(decision.NotifyManager);
    }

    [Fact]
    public async Task A_session_leaves_the_room_it_does_not_take_and_the_assignment_is_checked_against_that()
    {
        await GiveAsync("ana", 1);
        await BookAsync("ana", Now.AddHours(4));

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3));

        Assert.Equal("ana", decision.Person.Id);
        Assert.Equal("on duty for first-level, working, 1 active tickets and 1 session today of 3", decision.Reason);
        Assert.Equal(2, decision.WithinCap);
    }

    [Fact]
    public async Task Phone_sessions_and_sessions_on_other_days_do_not_count_against_the_cap()
    {
        await GiveAsync("ana", 2);
        await BookAsync("ana", Now.AddHours(4), kind: "phone");
        await BookAsync("ana", Now.AddDays(1));

        var decision = await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3));

        Assert.Equal("ana", decision.Person.Id);
        Assert.Equal(3, decision.WithinCap);
    }

    [Fact]
    public async Task Sessions_are_read_once_per_instance_every_few_minutes_not_per_ticket()
    {
        await GiveAsync("ana", 2);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ana", (await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3))).Person.Id);
        }

        Assert.Equal(1, _bookings.DayReads);

        // Booked through another instance: counted once the copy held here is older than its lifetime.
        await BookAsync("ana", Now.AddHours(4));
        Assert.Equal("ana", (await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3))).Person.Id);
        _time.Advance(SessionLoad.CacheFor);
        Assert.NotEqual("ana", (await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3))).Person.Id);
        Assert.Equal(2, _bookings.DayReads);
    }

    [Fact]
    public async Task A_session_claimed_through_this_instance_counts_at_once_without_a_read()
    {
        await GiveAsync("ana", 2);
        Assert.Equal("ana", (await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3))).Person.Id);

        // The calendar tells the load what its claim stored.
        _sessions.Saw(await BookAsync("ana", Now.AddHours(4)));

        Assert.NotEqual("ana", (await ChooseAsync(TestRoster.Ticket(Category.Question, Severity.S3, Now), TestRoster.Team(cap: 3))).Person.Id);
        Assert.Equal(1, _bookings.DayReads);
    }
}
