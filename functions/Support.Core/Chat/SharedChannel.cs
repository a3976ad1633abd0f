using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Tickets;

namespace Support.Core.Chat;

/// <summary>
/// Customers' questions in a channel shared with them (<see cref="SlackOptions.SharedChannels"/>), from Events API
/// callbacks the web edge acknowledged and queued: a top-level message becomes an inquiry on the <c>chat</c> channel
/// (deduplicated by channel and ts, so Slack's retries make one ticket) with the Slack user as requester (their
/// profile's address when the app may read it), acknowledged by a thread reply naming the reference; a reply in its
/// thread goes on the ticket as the customer's message; an edit or a deletion is recorded on the timeline with the text
/// it replaced, never lost. Staff replies on a chat ticket go back as thread replies (<see cref="ReplyAsync"/>).
/// Whatever was posted is recorded in <see cref="IChatPosts"/>, so a redelivery posts nothing twice.
/// </summary>
public sealed class SharedChannel(
    InquiryIntake intake,
    ITicketStore store,
    TicketWriter writer,
    IBlobStore blobs,
    IRosterStore rosters,
    IChatPosts posts,
    ITeamChat chat,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SharedChannel> logger)
{
    public const string MessageEdited = "chat-message-edited";
    public const string MessageDeleted = "chat-message-deleted";

    /// <summary>Whether an Events API callback is one for this class: a message event in a shared channel (the web edge queues only those).</summary>
    public static bool Concerns(JsonObject envelope, SlackOptions options) =>
        (string?)envelope["type"] == "event_callback" && envelope["event"] is JsonObject e && (string?)e["type"] == "message" && options.IsShared((string?)e["channel"]);

    public async Task ReceiveAsync(string payload, CancellationToken cancellationToken)
    {
        if (JsonNode.Parse(payload) is not JsonObject envelope || !Concerns(envelope, options.Value) || envelope["event"] is not JsonObject message)
        {
            return;
        }

        var channel = (string)message["channel"]!;
        switch ((string?)message["subtype"])
        {
            case "message_changed" when message["message"] is JsonObject edited:
                await RecordAsync(channel, (string?)edited["thread_ts"] ?? (string?)edited["ts"], MessageEdited, (string?)edited["ts"], (string?)edited["text"], (string?)message["previous_message"]?["text"], cancellationToken);
                return;
            case "message_deleted":
                var previous = message["previous_message"];
                await RecordAsync(channel, (string?)previous?["thread_ts"] ?? (string?)message["deleted_ts"], MessageDeleted, (string?)message["deleted_ts"], null, (string?)previous?["text"], cancellationToken);
                return;
            case null when message["bot_id"] is null && (string?)message["user"] is { Length: > 0 } user:
                var (ts, thread) = ((string)message["ts"]!, (string?)message["thread_ts"]);
                var text = (string?)message["text"] ?? string.Empty;
                if (thread is null || thread == ts)
                {
                    await OpenAsync(channel, ts, user, text, cancellationToken);
                }
                else
                {
                    await ThreadReplyAsync(channel, thread, ts, user, text, cancellationToken);
                }

                return;
            default:
                // Our own replies (bot_id), joins, topic changes and the rest are not the customer's words.
                return;
        }
    }

    /// <summary>Posts staff reply <paramref name="replyId"/> of a chat ticket in the thread the ticket came from, once.</summary>
    public async Task ReplyAsync(string reference, string replyId, CancellationToken cancellationToken)
    {
        var ticket = await store.GetAsync(reference, cancellationToken);
        var reply = ticket?.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.StaffReply && e.Details.GetValueOrDefault("replyId") == replyId);
        if (ticket is null || reply is null || await posts.ThreadOfAsync(reference, cancellationToken) is not { } thread)
        {
            logger.LogWarning("{Reference}: staff reply {Reply} has no Slack thread to go to", reference, replyId);
            return;
        }

        var text = reply.Details.GetValueOrDefault("bodyBlob") is { } blob && await blobs.GetAsync(BlobContainers.Bodies, blob, cancellationToken) is { } full
            ? Encoding.UTF8.GetString(full.ToMemory().Span)
            : reply.Details.GetValueOrDefault("body") ?? string.Empty;
        var author = (await rosters.GetAsync(cancellationToken)).Find(reply.Actor)?.Name ?? "Support";
        await PostOnceAsync(reference, "reply:" + replyId, new ChatMessage(thread.Channel, $"*{ChatBlocks.Escape(author)}:* {ChatBlocks.Escape(text)}", ThreadTs: thread.ThreadTs), cancellationToken);
    }

    private async Task OpenAsync(string channel, string ts, string user, string text, CancellationToken cancellationToken)
    {
        var profile = await chat.GetUserAsync(user, cancellationToken);
        var firstLine = text.Split('\n', 2)[0].Trim();
        var accepted = await intake.AcceptAsync(new InquirySubmission
        {
            Channel = Channel.Chat,
            Requester = new Requester(profile?.Name ?? user, profile?.Email?.ToLowerInvariant(), null),
            Subject = firstLine.Length is 0 ? "Question in Slack" : firstLine[..Math.Min(firstLine.Length, 120)],
            Body = text,
            DedupeKey = $"slack:{channel}:{ts}",
            Attributes = new Dictionary<string, string> { ["slackChannel"] = channel, ["slackTs"] = ts, ["slackUser"] = user },
        }, cancellationToken);
        var thread = await posts.AddThreadAsync(new ChatThread(channel, ts, accepted.Reference), cancellationToken);
        await PostOnceAsync(thread.Reference, "ack", new ChatMessage(channel,
            $"Thanks, we have your question as *{thread.Reference}*. We answer in this thread; reply here to add to it.", ThreadTs: ts), cancellationToken);
        logger.LogInformation("{Reference} opened from Slack channel {Channel}", thread.Reference, channel);
    }

    private async Task ThreadReplyAsync(string channel, string thread, string ts, string user, string text, CancellationToken cancellationToken)
    {
        var reference = await ReferenceOfAsync(channel, thread, cancellationToken);
        if (reference is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var recorded = await writer.UpdateAsync(reference, t => t.Ticket.RecordCustomerMessage(
            Ticket.CustomerMessage($"slack:{user}", $"slack:{channel}:{ts}", text, null, now, []), reopen: true, now), cancellationToken)
            ?? throw new RetryLaterException($"{reference} is not stored yet; its thread reply waits for it", TimeSpan.FromSeconds(5));
        logger.LogInformation("{Reference}: a reply in its Slack thread", recorded.Reference);
    }

    private async Task RecordAsync(string channel, string? thread, string type, string? ts, string? text, string? previous, CancellationToken cancellationToken)
    {
        if (thread is null || ts is null || await ReferenceOfAsync(channel, thread, cancellationToken) is not { } reference)
        {
            return;
        }

        var now = time.GetUtcNow();
        await writer.UpdateAsync(reference, t =>
        {
            if (t.Ticket.Timeline.Any(e => e.Type == type && e.Details.GetValueOrDefault("ts") == ts && e.Details.GetValueOrDefault("text") == text))
            {
                return false;
            }

            t.Ticket.Append(now, type, Actors.Customer, ("ts", ts), ("text", text), ("previous", previous));
            return true;
        }, cancellationToken);
    }

    /// <summary>The ticket a shared-channel thread became; null for a thread that is not one (staff talking among themselves).</summary>
    private async Task<string?> ReferenceOfAsync(string channel, string thread, CancellationToken cancellationToken) =>
        (await posts.FindThreadAsync(channel, thread, cancellationToken))?.Reference;

    /// <summary>
    /// Posts <paramref name="message"/> once for <paramref name="what"/>: claimed on the ticket's thread record first (two
    /// deliveries of one event race here), recorded as posted after; a claim older than the stream's lease is taken over.
    /// </summary>
    private async Task PostOnceAsync(string reference, string what, ChatMessage message, CancellationToken cancellationToken)
    {
        var key = reference + "-thread";
        var claim = what + "?";
        var record = await posts.GetAsync(key, cancellationToken) ?? new ChatPostRecord(key);
        if (record.Told.Contains(what, StringComparer.Ordinal))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (record.Told.Contains(claim, StringComparer.Ordinal) && record.ClaimedAt is { } at && now - at < TicketStream.ClaimLease)
        {
            throw new RetryLaterException($"{reference}: {what} is being posted in its thread by another run", TimeSpan.FromSeconds(10));
        }

        var claimed = await posts.TrySaveAsync(record with { ClaimedAt = now, Told = [.. record.Told.Where(t => t != claim), claim] }, cancellationToken)
            ?? throw new RetryLaterException($"{reference}: {what} was claimed by another run", TimeSpan.FromSeconds(5));
        var posted = await chat.PostAsync(message, cancellationToken);
        if (await posts.TrySaveAsync(claimed with { Channel = posted.Channel, ClaimedAt = null, Told = [.. claimed.Told.Where(t => t != claim), what] }, cancellationToken) is null)
        {
            logger.LogWarning("{Reference}: {What} was posted in its thread but its record changed meanwhile", reference, what);
        }
    }
}
