using Support.Core.Domain;
using Support.Core.Sla;
using Xunit;

namespace Support.Tests.Sla;

public sealed class SlaDueHandlerTests
{
    private static readonly DateTimeOffset S2FirstResponseDue = new(2025, 6, 5, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Warns_the_assignee_at_75_percent_and_15_minutes_before_once_each()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S2);
        static bool FirstResponseWarning(Support.Core.Ports.OutgoingMail m) => m.Subject.Contains("first response due in", StringComparison.Ordinal);

        // 75% of 8 business hours from Wednesday 10:00 London: 16:00 London.
        rig.Time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await rig.Sweep.SweepAsync(false, CancellationToken.None));
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await rig.Sweep.SweepAsync(false, CancellationToken.None));
        await rig.HandleAsync(reference);
        await rig.HandleAsync(reference);
        Assert.Single(rig.MailTo("ana"), FirstResponseWarning);

        rig.Time.AdjustTime(S2FirstResponseDue - SlaDueEntries.LastWarning);
        Assert.Equal(1, await rig.Sweep.SweepAsync(false, CancellationToken.None));
        await rig.HandleAsync(reference);
        await rig.HandleAsync(reference);

        Assert.Equal(2, rig.MailTo("ana").Count(FirstResponseWarning));
        Assert.Equal(2, (await rig.GetAsync(reference)).Timeline.Count(e => e.Type == TimerEventTypes.SlaWarning));
    }

    [Fact]
    public async Task A_breach_is_recorded_once_even_when_handled_twice_or_concurrently_and_the_assignee_and_manager_are_told()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S2);
        rig.Time.AdjustTime(S2FirstResponseDue.AddMinutes(1));

        await Task.WhenAll(rig.HandleAsync(reference), rig.HandleAsync(reference), rig.HandleAsync(reference));
        await rig.HandleAsync(reference);

        var ticket = await rig.GetAsync(reference);
        var breach = Assert.Single(ticket.Timeline, e => e.Type == TimerEventTypes.SlaBreached);
        Assert.Equal(SlaTargets.FirstResponse, breach.Details["target"]);
        Assert.Equal(rig.Time.GetUtcNow(), ticket.Sla.Single(t => t.Target == SlaTargets.FirstResponse).BreachedAt);
        Assert.Single(rig.MailTo("ana"), m => m.Subject.Contains("SLA breached", StringComparison.Ordinal));
        Assert.Single(rig.MailTo("meg"), m => m.Subject.Contains("SLA breached", StringComparison.Ordinal));
        Assert.Equal("ana", ticket.Assignee);
    }

    [Fact]
    public async Task An_S1_breach_escalates_to_the_next_technical_person_once()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S1);
        rig.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await rig.HandleAsync(reference);
        await rig.HandleAsync(reference);

        var ticket = await rig.GetAsync(reference);
        Assert.Equal("tom", ticket.Assignee);
        var escalated = Assert.Single(ticket.Timeline, e => e.Type == TimerEventTypes.Escalated);
        Assert.Equal("ana", escalated.Details["from"]);
        Assert.Single(rig.MailTo("ana"), m => m.Subject.Contains("SLA breached", StringComparison.Ordinal));
        Assert.Single(rig.MailTo("meg"), m => m.Subject.Contains("SLA breached", StringComparison.Ordinal));
        Assert.Single(rig.MailTo("tom"), m => m.Subject.Contains("Escalated to you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_S1_targets_breached_in_one_late_run_escalate_once()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S1, acknowledged: false);

        // The sweep was down all day: first response (1 h) and acknowledgement (17:30 London) are both past.
        rig.Time.Advance(TimeSpan.FromHours(9));
        await rig.HandleAsync(reference);

        var ticket = await rig.GetAsync(reference);
        Assert.Equal(2, ticket.Timeline.Count(e => e.Type == TimerEventTypes.SlaBreached));
        Assert.Single(ticket.Timeline, e => e.Type == TimerEventTypes.Escalated);
        // 19:00 London: tom has gone home, uma (Los Angeles) is working; once, not tom and then uma.
        Assert.Equal("uma", ticket.Assignee);
        Assert.Single(rig.MailTo("uma"), m => m.Subject.Contains("Escalated to you", StringComparison.Ordinal));
    }
}
