using Support.Core.Domain;
using Support.Core.Metrics;
using Support.Core.Calendars;
using Xunit;
using static Support.Tests.Domain.TicketMaker;

namespace Support.Tests.Metrics;

public sealed class SupportMetricsTests
{
    private static readonly DateTimeOffset From = T0.AddDays(-1);
    private static readonly DateTimeOffset To = T0.AddDays(1);
    private static readonly DateTimeOffset Now = T0.AddDays(2);

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, SupportMetrics.Percentile(values, 50));
        Assert.Equal(9, SupportMetrics.Percentile(values, 90));
        Assert.Equal(7, SupportMetrics.Percentile([7], 90));
    }

    [Fact]
    public void First_response_and_resolution_times_are_measured_from_creation()
    {
        var tickets = new[] { 10, 20, 30, 40 }.Select(minutes =>
        {
            var t = Ticket(T0);
            t.RecordStaffMessage("ana", $"m{minutes}", "Hello", internalNote: false, TicketStatus.Pending, T0.AddMinutes(minutes));
            t.MoveTo(TicketStatus.Solved, "ana", T0.AddMinutes(minutes * 2));
            return t;
        }).ToList();
        var unanswered = Ticket(T0);

        var report = SupportMetrics.Compute([.. tickets, unanswered], [unanswered], From, To, Now);

        Assert.Equal(5, report.Tickets);
        Assert.Equal(new DurationStats(4, 20, 40), report.FirstResponse);
        Assert.Equal(new DurationStats(4, 40, 80), report.Resolution);
    }

    [Fact]
    public void Sessions_marked_done_or_no_show_are_counted()
    {
        var held = Ticket(T0);
        held.Append(T0.AddMinutes(30), Support.Core.Bookings.BookingDesk.SessionDone, "ana", ("booking", "b1"));
        var missed = Ticket(T0);
        missed.Append(T0.AddMinutes(30), Support.Core.Bookings.BookingDesk.SessionNoShow, "ana", ("booking", "b2"));
        missed.Append(T0.AddMinutes(90), Support.Core.Bookings.BookingDesk.SessionNoShow, "ana", ("booking", "b3"));

        var report = SupportMetrics.Compute([held, missed], [], From, To, Now);

        Assert.Equal(new SessionStats(1, 2), report.Sessions);
    }

    [Fact]
    public void A_note_is_not_a_first_response()
    {
        var ticket = Ticket(T0);
        ticket.RecordStaffMessage("ana", "n1", "internal", internalNote: true, null, T0.AddMinutes(5));

        var report = SupportMetrics.Compute([ticket], [], From, To, Now);

        Assert.Equal(new DurationStats(0, null, null), report.FirstResponse);
    }

    [Fact]
    public void Sla_compliance_is_per_severity_and_target_and_counts_running_targets_outside_the_rate()
    {
        var met = Ticket(T0, severity: Severity.S1);
        met.SetSla([new SlaTargetState("first-response", T0.AddHours(1), MetAt: T0.AddMinutes(30))], T0);
        var late = Ticket(T0, severity: Severity.S1);
        late.SetSla([new SlaTargetState("first-response", T0.AddHours(1), MetAt: T0.AddHours(2))], T0);
        var breached = Ticket(T0, severity: Severity.S1);
        breached.SetSla([new SlaTargetState("first-response", T0.AddHours(1), BreachedAt: T0.AddHours(1))], T0);
        var running = Ticket(T0, severity: Severity.S2);
        running.SetSla([new SlaTargetState("first-response", Now.AddHours(1))], T0);
        var overdue = Ticket(T0, severity: Severity.S2);
        overdue.SetSla([new SlaTargetState("resolution", Now.AddHours(-1))], T0);

        var report = SupportMetrics.Compute([met, late, breached, running, overdue], [], From, To, Now);

        Assert.Equal(
            [
                new SlaCompliance("S1", "first-response", 1, 2, 0.3333, Running: 0),
                new SlaCompliance("S2", "first-response", 0, 0, null, Running: 1),
                new SlaCompliance("S2", "resolution", 0, 1, 0, Running: 0),
            ],
            report.SlaCompliance);
    }

    [Fact]
    public void Backlog_counts_waiting_tickets_and_names_the_oldest()
    {
        var old = Ticket(T0.AddDays(-10));
        var recent = Ticket(T0);
        var pending = Ticket(T0.AddDays(-3));
        pending.MoveTo(TicketStatus.Pending, "ana", T0);
        var solved = Ticket(T0.AddDays(-20));
        solved.MoveTo(TicketStatus.Solved, "ana", T0);

        var report = SupportMetrics.Compute([], [old, recent, pending, solved], From, To, Now);

        Assert.Equal(3, report.Backlog);
        Assert.Equal(old.Reference, report.OldestOpenReference);
        Assert.Equal(12 * 24 * 60, report.OldestOpenAgeMinutes);
    }

    [Fact]
    public void Escalation_is_manager_attention_or_a_severity_raised_by_staff()
    {
        var alerted = Ticket(T0);
        alerted.Append(T0, TimelineEventTypes.ManagerAttention, Actors.System);
        var raised = Ticket(T0, severity: Severity.S3);
        raised.Correct(null, Severity.S2, "ana", T0);
        var lowered = Ticket(T0, severity: Severity.S1);
        lowered.Correct(null, Severity.S3, "ana", T0);
        var quiet = Ticket(T0);

        var report = SupportMetrics.Compute([alerted, raised, lowered, quiet], [], From, To, Now);

        Assert.Equal(0.5, report.EscalationRate);
    }

    [Fact]
    public void First_contact_resolution_is_one_reply_and_no_customer_follow_up()
    {
        var oneReply = Ticket(T0);
        oneReply.RecordStaffMessage("ana", "a", "Fixed", false, TicketStatus.Solved, T0.AddMinutes(10));
        var followUp = Ticket(T0);
        followUp.RecordStaffMessage("ana", "b", "Try this", false, TicketStatus.Pending, T0.AddMinutes(10));
        followUp.RecordCustomerMessage("ada@example.com", "c", "Still broken", reopen: true, T0.AddMinutes(20));
        followUp.RecordStaffMessage("ana", "d", "Fixed now", false, TicketStatus.Solved, T0.AddMinutes(30));
        var unresolved = Ticket(T0);

        var report = SupportMetrics.Compute([oneReply, followUp, unresolved], [], From, To, Now);

        Assert.Equal(0.5, report.FirstContactResolutionRate);
    }

    [Fact]
    public void Volume_is_counted_per_channel_and_utc_hour_for_the_period_only()
    {
        var web = Ticket(T0, Channel.Web);
        var mail = Ticket(T0.AddHours(5), Channel.Email);
        var call = Ticket(T0.AddHours(5), Channel.Voice);
        var before = Ticket(From.AddMinutes(-1), Channel.Voice);

        var report = SupportMetrics.Compute([web, mail, call, before], [], From, To, Now);

        Assert.Equal(3, report.Tickets);
        Assert.Equal(new Dictionary<string, int> { ["web"] = 1, ["email"] = 1, ["voice"] = 1, ["chat"] = 0 }, report.VolumeByChannel);
        Assert.Equal(1, report.VolumeByHourUtc[9]);
        Assert.Equal(2, report.VolumeByHourUtc[14]);
        Assert.Equal(3, report.VolumeByHourUtc.Sum());
    }

    [Fact]
    public void A_merged_duplicate_counts_in_volume_but_not_in_resolution()
    {
        var duplicate = Ticket(T0);
        duplicate.MergeInto("SUP-AAAAAA", "ana", T0.AddMinutes(1));

        var report = SupportMetrics.Compute([duplicate], [], From, To, Now);

        Assert.Equal(1, report.Tickets);
        Assert.Equal(0, report.Resolution.Count);
        Assert.Null(report.FirstContactResolutionRate);
    }

    [Fact]
    public void Volume_is_split_by_each_regions_own_business_hours()
    {
        // Monday 09:00 UTC: London is open, New York (04:00) and Sydney (20:00) are not.
        var morning = Ticket(T0);
        // Monday 14:00 UTC: London and New York (09:00) are open, Sydney (01:00 Tuesday) is not.
        var afternoon = Ticket(T0.AddHours(5));

        var report = SupportMetrics.Compute([morning, afternoon], [], From, To, Now, RegionPolicy.LoadEmbedded().Regions);

        Assert.Equal(
            [
                new RegionHoursVolume("au", "Australia/Sydney", 0, 2),
                new RegionHoursVolume("uk", "Europe/London", 2, 0),
                new RegionHoursVolume("us", "America/New_York", 1, 1),
            ],
            report.VolumeByRegionHours);
    }

    [Fact]
    public void Cases_per_customer_count_an_address_in_any_case_once_and_callers_by_number()
    {
        var first = Ticket(T0, email: "ada@example.com");
        var again = Ticket(T0.AddHours(1), email: "Ada@Example.com");
        var third = Ticket(T0.AddHours(2), email: "ada@example.com");
        var other = Ticket(T0, email: "bo@example.org");
        var caller = Ticket(T0, Channel.Voice, email: null, phone: "+442079460000");
        var callsBack = Ticket(T0.AddHours(3), Channel.Voice, email: null, phone: "+442079460000");

        var report = SupportMetrics.Compute([first, again, third, other, caller, callsBack], [], From, To, Now);

        Assert.Equal((3, 2, 2.0), (report.CasesPerCustomer.Customers, report.CasesPerCustomer.Returning, report.CasesPerCustomer.CasesPerCustomer));
        Assert.Equal([new CustomerVolume("ada@example.com", 3), new CustomerVolume("+442079460000", 2)], report.CasesPerCustomer.Most);
    }

    [Fact]
    public void The_sla_trend_puts_each_target_on_the_day_it_was_met_or_breached()
    {
        var metMonday = Ticket(T0, severity: Severity.S1);
        metMonday.SetSla([new SlaTargetState("first-response", T0.AddHours(1), MetAt: T0.AddMinutes(30))], T0);
        var breachedMonday = Ticket(T0, severity: Severity.S1);
        breachedMonday.SetSla([new SlaTargetState("first-response", T0.AddHours(1), BreachedAt: T0.AddHours(1))], T0);
        var metTuesday = Ticket(T0, severity: Severity.S2);
        metTuesday.SetSla([new SlaTargetState("resolution", T0.AddDays(3), MetAt: T0.AddHours(20))], T0);
        var lateOnTuesday = Ticket(T0, severity: Severity.S2);
        lateOnTuesday.SetSla([new SlaTargetState("resolution", T0.AddHours(16), MetAt: T0.AddDays(2))], T0);
        var running = Ticket(T0, severity: Severity.S2);
        running.SetSla([new SlaTargetState("resolution", Now.AddDays(1))], T0);

        var report = SupportMetrics.Compute([metMonday, breachedMonday, metTuesday, lateOnTuesday, running], [], From, To, Now);

        Assert.Equal(
            [
                new SlaDay(new DateOnly(2026, 3, 2), 1, 1, 0.5),
                new SlaDay(new DateOnly(2026, 3, 3), 1, 1, 0.5),
            ],
            report.SlaTrend);
    }
}
