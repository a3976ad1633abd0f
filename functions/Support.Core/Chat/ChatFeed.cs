using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Sla;

namespace Support.Core.Chat;

/// <summary>
/// The stream's outbox: after <see cref="Tickets.TicketWriter"/> stores a ticket, the events the chat shows
/// (<see cref="ChatEvents"/>) are queued on <c>chat</c> for <see cref="TicketStream"/>, which posts or updates the ticket's
/// message from the ticket as it then stands. Slack off: nothing is queued. Queueing is the last step of a save that
/// happened, so a queue refusing it is logged and the ticket goes on: the next change of the ticket shows it whole.
/// </summary>
public sealed class ChatFeed(IQueuePublisher queue, IOptions<SlackOptions> options, ILogger<ChatFeed> logger)
{
    /// <summary>The chat events <paramref name="newEvents"/> of a save stand for; a new ticket's first.</summary>
    public static IReadOnlyList<string> EventsOf(Ticket ticket, IReadOnlyList<TimelineEvent> newEvents, bool created)
    {
        var events = new List<string>();
        if (created)
        {
            events.Add(ChatEvents.New);
        }

        if (ticket.Severity == Severity.S1 && (created || newEvents.Any(e => e.Type == TimelineEventTypes.Corrected && e.Details.GetValueOrDefault("field") == "severity")))
        {
            events.Add(ChatEvents.S1);
        }

        foreach (var e in newEvents)
        {
            var chatEvent = e.Type switch
            {
                TimelineEventTypes.Assigned => ChatEvents.Assigned,
                TimelineEventTypes.StatusChanged when e.Details.GetValueOrDefault("to") == WireNames.Of(TicketStatus.Solved) => ChatEvents.Solved,
                TimerEventTypes.SlaWarning => ChatEvents.SlaWarning,
                TimerEventTypes.SlaBreached => ChatEvents.SlaBreach,
                TimerEventTypes.Escalated => ChatEvents.Escalated,
                _ => null,
            };
            if (chatEvent is not null && !events.Contains(chatEvent))
            {
                events.Add(chatEvent);
            }
        }

        return events;
    }

    /// <summary>
    /// Queues a rotation handoff for the support channel: its topic set to who is on duty when it is handled, and
    /// <paramref name="summary"/> posted there once (<paramref name="key"/> names the handoff).
    /// </summary>
    public async Task HandoffAsync(string key, string summary, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || options.Value.SupportChannel.Length == 0)
        {
            return;
        }

        try
        {
            await queue.PublishAsync(
                QueueNames.Chat,
                MessageCodec.Encode(ChatQueueMessage.ForHandoff(key, summary), SupportJson.Default.ChatQueueMessage),
                messageId: key,
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The handoff {Key} could not be queued for the support channel: {Error}", key, ex.Message);
        }
    }

    public async Task FollowAsync(Ticket ticket, IReadOnlyList<TimelineEvent> newEvents, bool created, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var events = EventsOf(ticket, newEvents, created);
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await queue.PublishAsync(
                QueueNames.Chat,
                MessageCodec.Encode(ChatQueueMessage.ForStream(ticket.Reference, events), SupportJson.Default.ChatQueueMessage),
                messageId: $"{ticket.Reference}:chat:{ticket.UpdatedAt.ToUnixTimeMilliseconds()}",
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Reference}: the chat stream's {Events} could not be queued; its next change shows it: {Error}", ticket.Reference, string.Join(",", events), ex.Message);
        }
    }
}
