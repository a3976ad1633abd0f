using Support.Core.AutoClose;
using Support.Core.Domain;
using Support.Core.Sla;
using Support.Tests.Sla;
using Xunit;

namespace Support.Tests.AutoClose;

public sealed class PendingAutoCloseTests
{
    private static async Task<(SlaRig Rig, string Reference)> PendingAsync()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S3);
        await rig.ChangeAsync(reference, (t, now) => t.RecordStaffMessage("ana", "m1", "Could you send the logs?", false, TicketStatus.Pending, now));
        return (rig, reference);
    }

    private static Task RunAsync(SlaRig rig) => rig.AutoClose.RunAsync(false, CancellationToken.None);

    private static IReadOnlyList<Support.Core.Ports.OutgoingMail> ToCustomer(SlaRig rig) =>
        [.. rig.Mail.Sent.Where(m => m.To.Any(t => t.Email == "pat@example.org"))];

    [Fact]
    public async Task Nudges_after_3_days_solves_after_5_with_a_mail_and_closes_4_days_later()
    {
        var (rig, reference) = await PendingAsync();

        rig.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await RunAsync(rig);
        Assert.Empty(ToCustomer(rig));

        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await RunAsync(rig);
        await RunAsync(rig);
        var nudge = Assert.Single(ToCustomer(rig));
        Assert.Contains("close this in 2 days unless you reply", nudge.Text, StringComparison.Ordinal);

        rig.Time.Advance(TimeSpan.FromDays(2));
        await RunAsync(rig);
        await RunAsync(rig);
        Assert.Equal(TicketStatus.Solved, (await rig.GetAsync(reference)).Status);
        Assert.Equal(2, ToCustomer(rig).Count);
        Assert.Contains("reply to this mail and the ticket reopens", ToCustomer(rig)[1].Text, StringComparison.Ordinal);

        rig.Time.Advance(TimeSpan.FromDays(4) - TimeSpan.FromMinutes(1));
        await RunAsync(rig);
        Assert.Equal(TicketStatus.Solved, (await rig.GetAsync(reference)).Status);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await RunAsync(rig);

        var ticket = await rig.GetAsync(reference);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Single(ticket.Timeline, e => e.Type == TimerEventTypes.PendingNudged);
        Assert.Single(ticket.Timeline, e => e.Type == TimerEventTypes.AutoSolvedNotified);
    }

    [Fact]
    public async Task A_customer_reply_stops_the_clock()
    {
        var (rig, reference) = await PendingAsync();

        rig.Time.Advance(TimeSpan.FromDays(2));
        await rig.ChangeAsync(reference, (t, now) => t.RecordCustomerMessage("pat@example.org", "c1", "Here they are.", reopen: true, now));
        rig.Time.Advance(TimeSpan.FromDays(10));
        await RunAsync(rig);

        Assert.Equal(TicketStatus.Open, (await rig.GetAsync(reference)).Status);
        Assert.Empty(ToCustomer(rig));
    }

    [Fact]
    public async Task A_customer_message_that_leaves_the_ticket_pending_restarts_the_clock()
    {
        var (rig, reference) = await PendingAsync();

        rig.Time.Advance(TimeSpan.FromDays(2));
        await rig.ChangeAsync(reference, (t, now) => t.RecordCustomerMessage("pat@example.org", "c1", "Out of office", reopen: false, now));
        rig.Time.Advance(TimeSpan.FromDays(1));
        await RunAsync(rig);
        Assert.Empty(ToCustomer(rig));

        rig.Time.Advance(TimeSpan.FromDays(2));
        await RunAsync(rig);
        Assert.Single(ToCustomer(rig));
        Assert.Equal(TicketStatus.Pending, (await rig.GetAsync(reference)).Status);
    }

    [Fact]
    public async Task The_solved_mail_of_a_run_that_died_before_sending_goes_out_on_a_later_run()
    {
        var (rig, reference) = await PendingAsync();
        rig.Time.Advance(TimeSpan.FromDays(5));
        rig.Mail.Respond = _ => throw new HttpRequestException("SendGrid answered 503");

        await Assert.ThrowsAsync<HttpRequestException>(() => RunAsync(rig));
        Assert.Equal(TicketStatus.Solved, (await rig.GetAsync(reference)).Status);

        // The recorder keeps the failed attempt; within the dead run's lease nobody sends again.
        rig.Mail.Respond = null;
        await RunAsync(rig);
        Assert.Single(ToCustomer(rig));

        rig.Time.Advance(PendingAutoClose.ClaimLease);
        await RunAsync(rig);
        await RunAsync(rig);

        Assert.Equal(2, ToCustomer(rig).Count);
        Assert.Single((await rig.GetAsync(reference)).Timeline, e => e.Type == TimerEventTypes.AutoSolvedNotified);
    }
}
