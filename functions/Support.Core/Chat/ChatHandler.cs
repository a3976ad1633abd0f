using Microsoft.Extensions.Options;
using Support.Core.Contracts;
using Support.Core.Queues;
using Support.Core.Telemetry;

namespace Support.Core.Chat;

/// <summary>
/// The chat queue's consumer: Slack work, apart from the tickets so Slack being down or rate-limited
/// (<see cref="RetryLaterException"/> after its Retry-After) delays the chat and never a ticket. Each kind of
/// <see cref="ChatQueueMessage"/> goes to its use case; with Slack off, a message is dropped.
/// </summary>
public sealed class ChatHandler(TicketStream stream, OnDutyTopic onDuty, SharedChannel shared, IOptions<SlackOptions> options) : IQueueHandler
{
    public string Queue => QueueNames.Chat;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.ChatQueueMessage, ChatQueueMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        if (!options.Value.Enabled)
        {
            // Queued while Slack was on, or by another instance: a host without the bot token has nobody to post as.
            return MessageOutcome.Done;
        }

        switch (message)
        {
            case { Kind: ChatQueueMessage.Stream, Reference: { } reference, Events: { } events }:
                SupportTelemetry.Ticket(reference);
                await stream.ShowAsync(reference, events, cancellationToken);
                return MessageOutcome.Done;
            case { Kind: ChatQueueMessage.Handoff, Reference: { } key, Text: { } summary }:
                await onDuty.HandoffAsync(key, summary, cancellationToken);
                return MessageOutcome.Done;
            case { Kind: ChatQueueMessage.SlackEvent, Payload: { } payload }:
                await shared.ReceiveAsync(payload, cancellationToken);
                return MessageOutcome.Done;
            case { Kind: ChatQueueMessage.Reply, Reference: { } replied, MessageId: { } replyId }:
                SupportTelemetry.Ticket(replied);
                await shared.ReplyAsync(replied, replyId, cancellationToken);
                return MessageOutcome.Done;
            default:
                return MessageOutcome.Poison($"a chat message of kind {message.Kind} lacks what that kind needs, or the kind is unknown");
        }
    }
}
