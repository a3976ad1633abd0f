using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Mail;
using Support.Core.Roster;
using Support.Core.Sla;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

public sealed class RotationHandoffTests
{
    // First level passes from ana to ben on Monday 16 June 2025 at 09:00 London (08:00 UTC); technical from tom to uma.
    private static readonly DateTimeOffset Turnover = new(2025, 6, 16, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemoryTicketStore _store = new();
    private readonly InMemoryHandoffStore _handoffs = new();
    private readonly CapturingMailSender _mail = new();
    private readonly FakeTimeProvider _time = new(Turnover.AddMinutes(-10));
    private readonly RotationHandoff _job;

    public RotationHandoffTests()
    {
        _job = new RotationHandoff(
            new InMemoryRosterStore(TestRoster.Team()), _store, TicketWriters.Over(_store, _time), _handoffs, _mail,
            new StaffMailComposer(TestMail.Composer()), SlaEngine.Default, _time, NullLogger<RotationHandoff>.Instance);
    }

    private async Task<Dictionary<string, Ticket>> SeedAsync()
    {
        var at = Turnover.AddDays(-1);
        var tickets = new Dictionary<string, Ticket>
        {
            ["new"] = TestRoster.Ticket(Category.Question, Severity.S2, at, assignee: "ana"),
            ["open"] = TestRoster.Ticket(Category.Business, Severity.S3, at, TicketStatus.Open, "ana"),
            ["pending"] = TestRoster.Ticket(Category.Question, Severity.S3, at, TicketStatus.Pending, "ana"),
            ["technical"] = TestRoster.Ticket(Category.Technical, Severity.S2, at, assignee: "ana"),
            ["colleague"] = TestRoster.Ticket(Category.Question, Severity.S3, at, assignee: "cat"),
        };
        foreach (var ticket in tickets.Values)
        {
            await TicketWriters.Over(_store, _time).TryCreateAsync(ticket, TestContext.Current.CancellationToken);
        }

        return tickets;
    }

    private async Task<string?> AssigneeOfAsync(Ticket ticket) => (await _store.GetAsync(ticket.Reference, TestContext.Current.CancellationToken))!.Assignee;

    [Fact]
    public async Task A_turnover_moves_the_tickets_waiting_on_us_and_mails_their_list_once()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Empty(await _job.RunAsync(ct));
        var tickets = await SeedAsync();
        _time.SetUtcNow(Turnover.AddMinutes(3));

        var first = await _job.RunAsync(ct);
        var second = await _job.RunAsync(ct);

        var firstLevel = Assert.Single(first, o => o.Role == SupportRole.FirstLevel);
        Assert.Equal(new HandoffOutcome(SupportRole.FirstLevel, "ana", "ben", 2, true), firstLevel);
        Assert.Equal(new HandoffOutcome(SupportRole.Technical, "tom", "uma", 0, false), Assert.Single(first, o => o.Role == SupportRole.Technical));
        Assert.Empty(second);

        Assert.Equal("ben", await AssigneeOfAsync(tickets["new"]));
        Assert.Equal("ben", await AssigneeOfAsync(tickets["open"]));
        Assert.Equal("ana", await AssigneeOfAsync(tickets["pending"]));
        Assert.Equal("ana", await AssigneeOfAsync(tickets["technical"]));
        Assert.Equal("cat", await AssigneeOfAsync(tickets["colleague"]));

        var mail = Assert.Single(_mail.Sent);
        Assert.Equal("ben@example.com", Assert.Single(mail.To).Email);
        Assert.Contains(tickets["new"].Reference, mail.Text, StringComparison.Ordinal);
        Assert.Contains(tickets["open"].Reference, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(tickets["pending"].Reference, mail.Text, StringComparison.Ordinal);
        Assert.Contains("[S2]", mail.Text, StringComparison.Ordinal);
        Assert.Contains(MailComposer.FormatTime(SlaEngine.Default.FirstResponse(tickets["new"]).Due), mail.Text, StringComparison.Ordinal);

        var moved = (await _store.GetAsync(tickets["new"].Reference, ct))!.Timeline.Last(e => e.Type == TimelineEventTypes.Assigned);
        Assert.Equal("ana", moved.Details["previous"]);
        Assert.StartsWith("rotation handoff", moved.Details["why"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlapping_runs_hand_over_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await _job.RunAsync(ct);
        var tickets = await SeedAsync();
        _time.SetUtcNow(Turnover.AddMinutes(1));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _job.RunAsync(ct), ct)));

        Assert.Single(runs.SelectMany(r => r), o => o.Role == SupportRole.FirstLevel);
        Assert.Single(_mail.Sent);
        Assert.Equal("ben", await AssigneeOfAsync(tickets["open"]));
    }

    [Fact]
    public async Task A_run_that_died_part_way_is_finished_by_a_later_one_with_the_whole_list()
    {
        var ct = TestContext.Current.CancellationToken;
        await _job.RunAsync(ct);
        var tickets = await SeedAsync();
        _time.SetUtcNow(Turnover.AddMinutes(1));
        _mail.FailNext = true;

        Assert.DoesNotContain(await _job.RunAsync(ct), o => o.Role == SupportRole.FirstLevel);
        Assert.Empty(await _job.RunAsync(ct));
        Assert.Empty(_mail.Sent);
        _time.Advance(RotationHandoff.ClaimLease);
        var recovered = await _job.RunAsync(ct);

        Assert.Equal(2, Assert.Single(recovered).Tickets);
        var mail = Assert.Single(_mail.Sent);
        Assert.Contains(tickets["new"].Reference, mail.Text, StringComparison.Ordinal);
        Assert.Contains(tickets["open"].Reference, mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_installation_hands_nothing_over()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        _time.SetUtcNow(Turnover.AddMinutes(1));

        Assert.Empty(await _job.RunAsync(ct));
        Assert.Empty(await _job.RunAsync(ct));
        Assert.Empty(_mail.Sent);
    }
}
