using Support.Core.Domain;
using Support.Core.Sla;
using Xunit;

namespace Support.Tests.Sla;

public sealed class SlaEngineTests
{
    [Fact]
    public async Task S1_counts_around_the_clock_even_on_a_saturday_night()
    {
        var saturdayNight = new DateTimeOffset(2025, 6, 7, 2, 0, 0, TimeSpan.Zero);
        var rig = new SlaRig(saturdayNight);
        var reference = await rig.OpenAsync(Severity.S1);

        Assert.Equal(saturdayNight.AddHours(1), (await rig.TargetAsync(reference, SlaTargets.FirstResponse)).Due);
        Assert.Equal(saturdayNight.AddHours(72), (await rig.TargetAsync(reference, SlaTargets.Resolution)).Due);
    }

    [Fact]
    public async Task S2_first_response_is_8_business_hours_carried_into_the_next_day()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S2);

        // Wednesday 10:00 London: 7.5 h to the 17:30 close, the last half hour on Thursday from 09:00.
        Assert.Equal(new DateTimeOffset(2025, 6, 5, 8, 30, 0, TimeSpan.Zero), (await rig.TargetAsync(reference, SlaTargets.FirstResponse)).Due);
    }

    [Fact]
    public async Task S3_first_response_is_2_business_days()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S3);

        Assert.Equal(new DateTimeOffset(2025, 6, 6, 9, 0, 0, TimeSpan.Zero), (await rig.TargetAsync(reference, SlaTargets.FirstResponse)).Due);
    }

    [Fact]
    public async Task A_new_ticket_is_acknowledged_by_the_end_of_the_business_day_by_a_person()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S3, acknowledged: false);

        var acknowledgement = await rig.TargetAsync(reference, SlaTargets.Acknowledgement);
        Assert.Equal(new DateTimeOffset(2025, 6, 4, 16, 30, 0, TimeSpan.Zero), acknowledgement.Due);
        Assert.Null(acknowledgement.MetAt);

        rig.Time.Advance(TimeSpan.FromHours(1));
        await rig.ChangeAsync(reference, (t, now) => t.MoveTo(TicketStatus.Open, "ana", now));

        Assert.Equal(rig.Time.GetUtcNow(), (await rig.TargetAsync(reference, SlaTargets.Acknowledgement)).MetAt);
    }

    [Fact]
    public async Task Resolution_pauses_while_pending_and_resumes_with_what_was_left()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S2);
        var before = await rig.TargetAsync(reference, SlaTargets.Resolution);

        rig.Time.Advance(TimeSpan.FromHours(2));
        await rig.ChangeAsync(reference, (t, now) => t.RecordStaffMessage("ana", "m1", "Could you send the logs?", false, TicketStatus.Pending, now));
        var paused = await rig.TargetAsync(reference, SlaTargets.Resolution);
        Assert.Null(paused.Due);
        Assert.Equal(before.Budget - TimeSpan.FromHours(2), paused.Remaining);

        // The customer answers on Saturday: the weekend and the days Pending do not count.
        rig.Time.Advance(TimeSpan.FromDays(3));
        await rig.ChangeAsync(reference, (t, now) => t.RecordCustomerMessage("pat@example.org", "c1", "Here they are.", reopen: true, now));
        var resumed = await rig.TargetAsync(reference, SlaTargets.Resolution);

        Assert.Equal(SlaRig.London.Advance(rig.Time.GetUtcNow(), paused.Remaining!.Value), resumed.Due);
        Assert.Null(resumed.Remaining);
        Assert.True(resumed.Due > before.Due);
    }

    [Fact]
    public async Task A_changed_target_counts_from_the_change_and_does_not_back_date_a_breach()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S3);

        // A day later the ticket turns out to be S1: an hour from now, not an hour from its arrival (long past).
        rig.Time.Advance(TimeSpan.FromDays(1));
        await rig.ChangeAsync(reference, (t, now) => t.ApplyTriage(new TriageResult(Category.Question, Severity.S1, ["production down"]), now));
        var firstResponse = await rig.TargetAsync(reference, SlaTargets.FirstResponse);
        Assert.Equal(rig.Time.GetUtcNow().AddHours(1), firstResponse.Due);
        Assert.Equal(rig.Time.GetUtcNow(), firstResponse.Started);

        await rig.HandleAsync(reference);

        Assert.DoesNotContain((await rig.GetAsync(reference)).Timeline, e => e.Type == TimerEventTypes.SlaBreached);
        Assert.Null((await rig.TargetAsync(reference, SlaTargets.FirstResponse)).BreachedAt);
    }
}
