using Microsoft.Extensions.DependencyInjection;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Queues;
using Support.Core.Replies;
using Support.Core.Tickets;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Replies;

public sealed class StaffRepliesTests
{
    private const string Author = "liam";

    private readonly PipelineHarness _harness = new();
    private readonly StaffReplies _replies;
    private readonly OutboundReplyHandler _outbound;

    public StaffRepliesTests()
    {
        _outbound = _harness.Services.GetRequiredService<OutboundReplyHandler>();
        _replies = _harness.Services.GetRequiredService<StaffReplies>();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_is_recorded_as_the_first_response_moves_the_ticket_to_pending_and_is_queued_for_mail()
    {
        var ticket = await EmailTicketAsync();

        var result = Assert.IsType<StaffReplyRecorded>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, Author, "Try firmware 2.3.", InternalNote: false, IfMatch: ticket.ETag), Ct));

        Assert.Equal(TicketStatus.Pending, result.Ticket.Status);
        var reply = result.Ticket.Timeline.Last(e => e.Type == TimelineEventTypes.StaffReply);
        Assert.Equal(Author, reply.Actor);
        Assert.Equal("first", reply.Details["response"]);
        Assert.Equal(result.ReplyId, reply.Details["replyId"]);
        var queued = MessageCodec.Decode(Assert.Single(_harness.Queue.On(QueueNames.Outbound)), SupportJson.Default.OutboundReplyMessage, 1).Message!;
        Assert.Equal(result.ReplyId, queued.ReplyId);

        var next = Assert.IsType<StaffReplyRecorded>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, Author, "Did it help?", InternalNote: false, TicketStatus.Open, result.Stored.ETag), Ct));
        Assert.Equal("next", next.Ticket.Timeline.Last(e => e.Type == TimelineEventTypes.StaffReply).Details["response"]);
        Assert.Equal(TicketStatus.Open, next.Ticket.Status);
    }

    [Fact]
    public async Task A_reply_the_queue_refuses_is_mailed_in_process_once()
    {
        var ticket = await EmailTicketAsync();
        var mailsBefore = _harness.Mail.Sent.Count;
        _harness.Queue.Unavailable = true;

        var result = Assert.IsType<StaffReplyRecorded>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, Author, "Try firmware 2.3.", InternalNote: false, IfMatch: ticket.ETag), Ct));

        var mailed = Assert.Single(_harness.Mail.Sent.Skip(mailsBefore));
        Assert.Contains("Try firmware 2.3.", mailed.Text, StringComparison.Ordinal);
        var stored = (await _harness.Store.LoadAsync(ticket.Reference, Ct))!;
        Assert.True(stored.Mail.HasSent("reply:" + result.ReplyId));
        Assert.Empty(_harness.Queue.On(QueueNames.Outbound));
    }

    [Fact]
    public async Task A_note_changes_no_status_and_sends_nothing()
    {
        var ticket = await EmailTicketAsync();

        var result = Assert.IsType<StaffReplyRecorded>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, Author, "Called her back.", InternalNote: true, IfMatch: ticket.ETag), Ct));

        Assert.Equal(ticket.Ticket.Status, result.Ticket.Status);
        Assert.Equal(TimelineEventTypes.InternalNote, result.Ticket.Timeline[^1].Type);
        Assert.False(result.Ticket.Timeline[^1].Details.ContainsKey("response"));
        Assert.Empty(_harness.Queue.On(QueueNames.Outbound));
    }

    [Fact]
    public async Task A_stale_etag_changes_nothing_and_returns_the_current_ticket()
    {
        var ticket = await EmailTicketAsync();

        var result = Assert.IsType<StaffReplyStale>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, Author, "Hi", InternalNote: false, IfMatch: "\"old\""), Ct));

        Assert.Equal(ticket.ETag, result.Current.ETag);
        Assert.DoesNotContain(result.Current.Ticket.Timeline, e => e.Type == TimelineEventTypes.StaffReply);
    }

    [Theory]
    [InlineData("nobody", "Hi", "author")]
    [InlineData(Author, "   ", "body")]
    public async Task Bad_input_is_refused_with_the_field(string author, string body, string field)
    {
        var ticket = await EmailTicketAsync();

        var result = Assert.IsType<StaffReplyRefused>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, author, body, InternalNote: false), Ct));

        Assert.Equal(field, result.Field);
    }

    [Fact]
    public async Task An_integration_may_add_a_note_but_never_a_reply_to_the_customer()
    {
        var ticket = await EmailTicketAsync();

        var reply = Assert.IsType<StaffReplyRefused>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, "integration:crm", "Hello from a script", InternalNote: false), Ct));
        var note = Assert.IsType<StaffReplyRecorded>(await _replies.SubmitAsync(new StaffReplyRequest(ticket.Reference, "integration:crm", "Synced from the CRM", InternalNote: true), Ct));

        Assert.Equal("author", reply.Field);
        Assert.Equal("integration:crm", note.Ticket.Timeline.Last(e => e.Type == "note").Actor);
    }

    [Fact]
    public async Task A_reply_by_mail_delivered_twice_is_recorded_once_and_mailed_once_threaded_under_the_customer()
    {
        var ticket = await EmailTicketAsync();
        var request = new StaffReplyRequest(ticket.Reference, Author, "Line one\r\nBcc: evil@example.net", InternalNote: false, SourceMessageId: "staff-1@example.com");

        await _replies.SubmitAsync(request, Ct);
        await _replies.SubmitAsync(request, Ct);
        foreach (var message in _harness.Queue.On(QueueNames.Outbound))
        {
            await _outbound.HandleAsync(message, Ct);
            await _outbound.HandleAsync(message, Ct);
        }

        var stored = (await _harness.Store.GetAsync(ticket.Reference, Ct))!;
        Assert.Single(stored.Timeline, e => e.Type == TimelineEventTypes.StaffReply);
        Assert.Single(stored.Timeline, e => e.Type == ReplyMailer.ReplySent);
        var mail = Assert.Single(_harness.Mail.Sent, m => m.Text.Contains("Line one", StringComparison.Ordinal));
        Assert.Equal("<customer-1@mail.example.net>", mail.Headers["In-Reply-To"]);
        Assert.StartsWith($"Re: [{ticket.Reference}]", mail.Subject, StringComparison.Ordinal);
        Assert.Equal($"support+{ticket.Reference}@example.com", mail.ReplyTo!.Email);
        Assert.Contains("Line one", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<br>", mail.Html, StringComparison.Ordinal);
        Assert.Equal(ticket.Reference, _harness.ReceivedMail.Tickets[mail.MessageId]);
        Assert.Equal(["cc@example.com"], mail.Cc.Select(c => c.Email));
    }

    private async Task<StoredTicket> EmailTicketAsync()
    {
        var submission = new InquirySubmission
        {
            Channel = Channel.Email,
            Requester = new Requester("Ann", "ann@example.com", null),
            Subject = "Printer offline",
            Body = "It is offline.",
            DedupeKey = "email:customer-1@mail.example.net",
            Participants = ["cc@example.com", "liam.walsh@example.com"],
            Attributes = new Dictionary<string, string> { [EmailInquiry.Keys.MessageId] = "customer-1@mail.example.net" },
        };
        var accepted = await _harness.Intake.AcceptAsync(submission, Ct);
        await _harness.DrainAsync();
        return (await _harness.Store.LoadAsync(accepted.Reference, Ct))!;
    }
}
