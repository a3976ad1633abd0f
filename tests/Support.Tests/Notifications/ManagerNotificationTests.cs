using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Assignment;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Sla;
using Support.Core.Tickets;
using Support.Tests.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Notifications;

public sealed class ManagerNotificationTests
{
    private readonly InMemoryTicketStore _store = new();
    private readonly CapturingMailSender _mail = new();
    private readonly FakeTimeProvider _time = new(TestRoster.LondonMorning);
    private readonly FakeLogger<MailOutbox> _outboxLog = new();
    private readonly AssignmentHandler _assignment;
    private readonly TicketWriter _writer;

    public ManagerNotificationTests()
    {
        _writer = TicketWriters.Over(_store, _time);
        var rosters = new InMemoryRosterStore(TestRoster.Team());
        var policy = new RosterAssignmentPolicy(_store, new StoreWorkload(_store), new Support.Core.Bookings.SessionLoad(new InMemoryBookingStore(), Microsoft.Extensions.Options.Options.Create(new Support.Core.Bookings.BookingOptions()), _time));
        var composer = TestMail.Composer();
        var rules = new OwedMailRules(composer, new StaffMailComposer(composer), SlaEngine.Default, NullLogger<OwedMailRules>.Instance);
        var outbox = new MailOutbox(_store, _writer, rosters, _mail, rules, new AcknowledgementGate(_store, new InMemoryAcknowledgementTimes(), _time), _time, _outboxLog);
        _assignment = new AssignmentHandler(new TicketAssignment(_store, _writer, rosters, policy, new TicketDecisions(SlaEngine.Default, rules), outbox, _time));
    }

    private async Task<Ticket> AssignTwiceAsync(Ticket ticket)
    {
        var ct = TestContext.Current.CancellationToken;
        await _writer.TryCreateAsync(ticket, ct);
        var assign = MessageCodec.Encode(AssignmentMessage.For(ticket.Reference), SupportJson.Default.AssignmentMessage);
        for (var delivery = 0; delivery < 2; delivery++)
        {
            Assert.True((await _assignment.HandleAsync(assign, ct)).Completed);
        }

        return (await _store.GetAsync(ticket.Reference, ct))!;
    }

    private IReadOnlyList<OutgoingMail> MailsTo(string email) => [.. _mail.Sent.Where(m => m.To.Any(t => t.Email == email))];

    [Fact]
    public async Task An_s1_ticket_tells_the_manager_once()
    {
        var ticket = await AssignTwiceAsync(TestRoster.Ticket(Category.Technical, Severity.S1, _time.GetUtcNow()));

        var alert = Assert.Single(MailsTo("meg@example.com"));
        Assert.Contains("S1", alert.Text, StringComparison.Ordinal);
        Assert.Single(MailsTo("tom@example.com"));
        Assert.True((await _store.LoadAsync(ticket.Reference, TestContext.Current.CancellationToken))!.Mail.HasSent(OwedMailRules.ManagerS1Key));
    }

    [Fact]
    public async Task An_ordinary_ticket_with_someone_eligible_does_not_bother_the_manager()
    {
        await AssignTwiceAsync(TestRoster.Ticket(Category.Question, Severity.S3, _time.GetUtcNow()));

        Assert.Empty(MailsTo("meg@example.com"));
        Assert.Single(MailsTo("ana@example.com"));
    }

    [Fact]
    public async Task A_fallback_assignment_tells_the_manager_why_once()
    {
        _time.SetUtcNow(new DateTimeOffset(2025, 6, 7, 12, 0, 0, TimeSpan.Zero));

        var ticket = await AssignTwiceAsync(TestRoster.Ticket(Category.Question, Severity.S2, _time.GetUtcNow()));

        Assert.Equal("ana", ticket.Assignee);
        var alert = Assert.Single(MailsTo("meg@example.com"));
        Assert.Contains("no first-level person is working now", alert.Text, StringComparison.Ordinal);
        Assert.Contains(ticket.Timeline, e => e.Type == TimelineEventTypes.ManagerAttention);
    }

    [Fact]
    public async Task A_caller_without_an_email_address_is_not_acknowledged_by_mail_and_that_is_no_warning()
    {
        var at = _time.GetUtcNow();
        var inquiry = TestRoster.Inquiry("SUP-VM0001", at) with { Channel = Channel.Voice, Requester = new Requester(null, null, "+447700900999") };
        var ticket = Ticket.Open(inquiry, at);
        ticket.ApplyTriage(new TriageResult(Category.Question, Severity.S3, ["test"]), at);

        ticket = await AssignTwiceAsync(ticket);

        Assert.Contains(ticket.Timeline, e => e.Type == TimelineEventTypes.MailSuppressed && e.Details.GetValueOrDefault("why") == "the requester has no email address");
        Assert.DoesNotContain(_outboxLog.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Contains(_outboxLog.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("not sent: the requester has no email address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reopened_ticket_is_assigned_again_and_its_owner_told_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var ticket = await AssignTwiceAsync(TestRoster.Ticket(Category.Question, Severity.S3, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromHours(1));
        await _writer.UpdateAsync(ticket.Reference, t =>
        {
            t.Ticket.MoveTo(TicketStatus.Solved, Actors.System, _time.GetUtcNow());
            t.Ticket.MoveTo(TicketStatus.Open, Actors.Customer, _time.GetUtcNow());
            return true;
        }, ct);
        _time.Advance(TimeSpan.FromMinutes(1));

        ticket = await AssignTwiceAsync(ticket);

        Assert.Equal("ana", ticket.Assignee);
        Assert.Equal(2, ticket.Timeline.Count(e => e.Type == TimelineEventTypes.Assigned));
        Assert.Equal(2, MailsTo("ana@example.com").Count);
    }
}
