using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Tickets;
using Support.Core.Domain;
using Support.Core.Metrics;
using Support.Core.Ports;
using Support.Tests.Fakes;
using Support.Tests.Roster;
using Support.Tests.Domain;
using Xunit;

namespace Support.Tests.Metrics;

public sealed class DailyDigestJobTests
{
    private static readonly DateTimeOffset Morning = new(2025, 6, 4, 7, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Morning);
    private readonly InMemoryTicketStore _store = new();
    private readonly RecordingMailSender _mail = new();
    private readonly InMemoryDigestLog _log = new();
    private readonly InMemoryAcknowledgementTimes _acknowledgements = new();

    private DailyDigestJob Job(Support.Core.Roster.RosterDocument? roster = null) => new(
        new InMemoryRosterStore(roster ?? TestRoster.Team()),
        new MetricsReader(_store, Support.Core.Calendars.RegionPolicy.LoadEmbedded(), _time),
        _log,
        _mail,
        TestMail.Composer(),
        _acknowledgements,
        _time,
        NullLogger<DailyDigestJob>.Instance);

    [Fact]
    public async Task The_on_duty_manager_gets_the_figures_and_the_tickets_at_risk_once_a_day()
    {
        var atRisk = TicketMaker.Ticket(Morning.AddHours(-2), severity: Severity.S1);
        atRisk.SetSla([new SlaTargetState("first-response", Morning.AddHours(1))], Morning);
        // Younger than the ticket at risk, so the "oldest open ticket" line cannot name it either.
        var relaxed = TicketMaker.Ticket(Morning.AddHours(-1));
        relaxed.SetSla([new SlaTargetState("first-response", Morning.AddDays(3))], Morning);
        await _store.CreateAsync(StoredTicket.New(atRisk), whileInquiryStored: false, CancellationToken.None);
        await _store.CreateAsync(StoredTicket.New(relaxed), whileInquiryStored: false, CancellationToken.None);
        var job = Job();

        await job.RunAsync(isPastDue: false, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await job.RunAsync(isPastDue: true, CancellationToken.None);

        var mail = Assert.Single(_mail.Sent);
        Assert.Equal("meg@example.com", Assert.Single(mail.To).Email);
        Assert.Contains("2 new, backlog 2, 1 at risk", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(atRisk.Reference, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(relaxed.Reference, mail.Text, StringComparison.Ordinal);
        Assert.Contains("First response p50 / p90", mail.Text, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task Each_run_deletes_the_acknowledgement_slots_of_windows_a_day_old_and_keeps_the_recent_ones()
    {
        var hour = TimeSpan.FromHours(1);
        Assert.True(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - TimeSpan.FromDays(2), 0, CancellationToken.None));
        Assert.True(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - TimeSpan.FromDays(1) - hour, 0, CancellationToken.None));
        Assert.True(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - hour, 0, CancellationToken.None));

        await Job().RunAsync(isPastDue: false, CancellationToken.None);

        Assert.True(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - TimeSpan.FromDays(2), 0, CancellationToken.None));
        Assert.True(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - TimeSpan.FromDays(1) - hour, 0, CancellationToken.None));
        Assert.False(await _acknowledgements.TryClaimAsync("pat@example.org", Morning - hour, 0, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_send_gives_the_day_back_for_the_next_run()
    {
        var job = Job();
        _mail.Respond = _ => throw new HttpRequestException("mail provider down (test)");

        await Assert.ThrowsAsync<HttpRequestException>(() => job.RunAsync(false, CancellationToken.None));
        _mail.Respond = null;
        await job.RunAsync(false, CancellationToken.None);

        Assert.Equal(2, _mail.Sent.Count);
    }

    [Fact]
    public async Task Without_a_manager_rotation_nothing_is_sent_or_claimed()
    {
        var roster = TestRoster.Team();
        roster.Rotations = [.. roster.Rotations.Where(r => r.Role != SupportRole.Manager)];

        await Job(roster).RunAsync(false, CancellationToken.None);

        Assert.Empty(_mail.Sent);
        Assert.Empty(_log.Claimed);
    }

    [Fact]
    public void The_schedule_is_configurable_with_a_daily_default()
    {
        var job = Job();
        Assert.Equal("DailyDigestSchedule", job.ScheduleSetting);
        Assert.Equal("0 0 7 * * *", job.DefaultSchedule);
    }
}
