using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Domain;
using Support.Core.Queues;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Chat;

/// <summary>The Slack stream: one message per ticket, posted once and updated in place, routed to the manager when configured.</summary>
public sealed class TicketStreamTests
{
    private static readonly Dictionary<string, string?> Slack = new()
    {
        ["Slack:BotToken"] = "xoxb-unit",
        ["Slack:StreamChannel"] = "C0STREAM",
        ["PublicBaseUrl"] = "https://support.example.test",
    };

    [Fact]
    public async Task A_new_ticket_is_posted_once_and_then_updated_in_place_and_never_shows_the_customers_address()
    {
        var harness = new PipelineHarness(settings: Slack);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form(email: "ada@example.com", subject: "Cannot log in, call me on +44 7700 900123")), Ct)).Reference;

        await harness.DrainAsync(times: 2);

        var (message, _, versions) = Assert.Single(harness.Chat.Posts);
        Assert.Equal("C0STREAM", message.Channel);
        Assert.Contains(reference, message.Text, StringComparison.Ordinal);
        Assert.StartsWith($"*<https://support.example.test/api/console#ticket/{reference}|{reference}>*", (string?)Blocks(message.BlocksJson!)[0]!["text"]!["text"], StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", message.BlocksJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("7700 900123", message.BlocksJson, StringComparison.Ordinal);
        Assert.Equal(["Take it", "Escalate", "Open in console"], Buttons(message.BlocksJson!));
        var ticket = await harness.Store.GetAsync(reference, Ct);
        Assert.Contains(ticket!.Assignee!, Fields(versions[^1].BlocksJson!)["Assignee"], StringComparison.OrdinalIgnoreCase);

        await harness.Writer.UpdateAsync(reference, t =>
        {
            t.Ticket.MoveTo(TicketStatus.Solved, "amira", harness.Time.GetUtcNow());
            return true;
        }, Ct);
        await harness.DrainAsync();

        var post = Assert.Single(harness.Chat.Posts);
        Assert.True(post.Versions.Count >= 2, "updated in place");
        Assert.Equal("solved", Fields(post.Versions[^1].BlocksJson!)["Status"]);
        Assert.Equal("Solved", Context(post.Versions[^1].BlocksJson!));
    }

    [Fact]
    public async Task Slack_rate_limiting_delays_the_post_after_its_retry_after_and_never_the_ticket()
    {
        var harness = new PipelineHarness(settings: Slack);
        harness.Chat.RateLimitedCalls = 1;
        harness.Chat.RetryAfter = TimeSpan.FromSeconds(45);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct)).Reference;
        var delivery = harness.Services.GetRequiredService<QueueDelivery>();

        var triaged = await delivery.HandleAsync(QueueNames.Inquiries, harness.Queue.Sent[0].Body, "inquiry", 1, Ct);
        Assert.Equal(SettlementKind.Complete, triaged.Kind);
        Assert.NotNull(await harness.Store.GetAsync(reference, Ct));

        var chat = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Chat);
        var first = await delivery.HandleAsync(QueueNames.Chat, chat.Body, chat.MessageId, 1, Ct);
        Assert.Equal(SettlementKind.Retry, first.Kind);
        Assert.True(first.Delay >= TimeSpan.FromSeconds(45), $"retried after {first.Delay}");
        Assert.Empty(harness.Chat.Posts);

        var second = await delivery.HandleAsync(QueueNames.Chat, chat.Body, chat.MessageId, first.NextAttempt, Ct);
        Assert.Equal(SettlementKind.Complete, second.Kind);
        Assert.Single(harness.Chat.Posts);
    }

    [Fact]
    public async Task An_S1_also_goes_to_the_manager_on_duty_by_direct_message_once()
    {
        var harness = new PipelineHarness(settings: Slack);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct)).Reference;
        await harness.DrainAsync();

        await harness.Writer.UpdateAsync(reference, t => t.Ticket.Correct(null, Severity.S1, "amira", harness.Time.GetUtcNow()).Count > 0, Ct);
        await harness.DrainAsync(times: 2);

        var manager = Support.Core.Roster.OnDuty.For(await harness.Rosters.GetAsync(Ct), SupportRole.Manager, harness.Time.GetUtcNow())!;
        Assert.Single(harness.Chat.Posts, p => p.Message.Channel == "C0STREAM");
        var dm = Assert.Single(harness.Chat.Posts, p => p.Message.Channel == "D" + manager.SlackUserId![1..]);
        Assert.DoesNotContain(harness.Chat.Posts, p => p.Message.Channel == manager.SlackUserId);
        Assert.Contains(reference, dm.Message.Text, StringComparison.Ordinal);
        Assert.Equal("S1", Fields(Assert.Single(harness.Chat.Posts, p => p.Message.Channel == "C0STREAM").Versions[^1].BlocksJson!)["Severity"]);
    }

    [Fact]
    public async Task A_triage_redelivered_after_a_crash_before_its_stream_post_was_queued_still_posts_it_once()
    {
        var harness = new PipelineHarness(settings: Slack);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct)).Reference;
        var delivery = harness.Services.GetRequiredService<QueueDelivery>();
        var inquiry = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Inquiries);

        // The ticket is stored, then the delivery dies before its stream post is queued.
        harness.Queue.RefuseNextOn = QueueNames.Chat;
        var crashed = await delivery.HandleAsync(QueueNames.Inquiries, inquiry.Body, inquiry.MessageId, 1, Ct);
        Assert.Equal(SettlementKind.Retry, crashed.Kind);
        Assert.NotNull(await harness.Store.GetAsync(reference, Ct));
        Assert.DoesNotContain(harness.Queue.Sent, s => s.Queue == QueueNames.Chat);

        // The redelivery (after the retry's delay, when the dead delivery's mail claims have lapsed) finds the ticket
        // created and owes its stream post all the same; a third delivery owes it again.
        harness.Time.Advance(crashed.Delay);
        Assert.Equal(SettlementKind.Complete, (await delivery.HandleAsync(QueueNames.Inquiries, inquiry.Body, inquiry.MessageId, 2, Ct)).Kind);
        Assert.Equal(SettlementKind.Complete, (await delivery.HandleAsync(QueueNames.Inquiries, inquiry.Body, inquiry.MessageId, 3, Ct)).Kind);
        foreach (var chat in harness.Queue.Sent.Where(s => s.Queue == QueueNames.Chat).ToList())
        {
            Assert.Equal(SettlementKind.Complete, (await delivery.HandleAsync(QueueNames.Chat, chat.Body, chat.MessageId, 1, Ct)).Kind);
        }

        var post = Assert.Single(harness.Chat.Posts, p => p.Message.Channel == "C0STREAM");
        Assert.Contains(reference, post.Message.Text, StringComparison.Ordinal);
        Assert.Single(harness.Mail.Sent, m => m.To.Any(t => t.Email == "ada@example.com"));
    }

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_found_by_its_marker_and_never_posted_twice()
    {
        var harness = new PipelineHarness(settings: Slack);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct)).Reference;
        var delivery = harness.Services.GetRequiredService<QueueDelivery>();
        var inquiry = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Inquiries);
        await delivery.HandleAsync(QueueNames.Inquiries, inquiry.Body, inquiry.MessageId, 1, Ct);
        var chat = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Chat);

        // Slack posts, but the answer never comes back (a timeout): the run cannot tell whether it posted.
        harness.Chat.AnswersLost = 1;
        var lost = await delivery.HandleAsync(QueueNames.Chat, chat.Body, chat.MessageId, 1, Ct);
        Assert.Equal(SettlementKind.Retry, lost.Kind);
        Assert.Single(harness.Chat.Posts);

        var retried = await delivery.HandleAsync(QueueNames.Chat, chat.Body, chat.MessageId, 2, Ct);
        Assert.Equal(SettlementKind.Complete, retried.Kind);
        var post = Assert.Single(harness.Chat.Posts);
        Assert.Equal(reference, post.Message.Marker);
        Assert.Equal(2, post.Versions.Count);
        Assert.Equal(post.Ts, (await harness.ChatPosts.GetAsync(reference, Ct))!.Ts);
    }

    [Fact]
    public async Task A_slow_post_overtaken_by_a_takeover_of_its_claim_leaves_one_message_in_the_stream()
    {
        var harness = new PipelineHarness(settings: Slack);
        var reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct)).Reference;
        var inquiry = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Inquiries);
        await harness.Services.GetRequiredService<QueueDelivery>().HandleAsync(QueueNames.Inquiries, inquiry.Body, inquiry.MessageId, 1, Ct);
        var stream = harness.Services.GetRequiredService<Support.Core.Chat.TicketStream>();

        // The first run claims the post and hangs in Slack's call for longer than the claim's lease.
        var slack = new TaskCompletionSource();
        harness.Chat.HoldNextPost = () => slack.Task;
        var slow = stream.ShowAsync(reference, ["new"], Ct);
        harness.Time.Advance(Support.Core.Chat.TicketStream.ClaimLease + TimeSpan.FromSeconds(1));

        // A redelivery takes the lapsed claim over: nothing carries the marker yet, so it posts and stores its message.
        await stream.ShowAsync(reference, ["new"], Ct);
        var kept = Assert.Single(harness.Chat.Posts);

        // The slow call then posts too, finds the other message stored, and deletes its own.
        slack.SetResult();
        await slow;
        Assert.Equal(kept.Ts, Assert.Single(harness.Chat.Posts).Ts);
        Assert.Single(harness.Chat.Deleted);
        Assert.Equal(kept.Ts, (await harness.ChatPosts.GetAsync(reference, Ct))!.Ts);
    }

    [Fact]
    public async Task Slack_off_queues_nothing()
    {
        var harness = new PipelineHarness();
        await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), Ct);
        await harness.DrainAsync();

        Assert.DoesNotContain(harness.Queue.Sent, s => s.Queue == QueueNames.Chat);
        Assert.Empty(harness.Chat.Posts);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonArray Blocks(string json) => JsonNode.Parse(json)!.AsArray();

    private static List<string> Buttons(string json) =>
        [.. Blocks(json).Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray().Select(e => (string)e!["text"]!["text"]!)];

    /// <summary>The fields section as label → value.</summary>
    private static Dictionary<string, string> Fields(string json) =>
        Blocks(json).First(b => b!["fields"] is not null)!["fields"]!.AsArray()
            .Select(f => ((string)f!["text"]!).Split('\n', 2))
            .ToDictionary(p => p[0].Trim('*'), p => p[1]);

    private static string? Context(string json) =>
        (string?)Blocks(json).FirstOrDefault(b => (string?)b!["type"] == "context")?["elements"]![0]!["text"];
}
