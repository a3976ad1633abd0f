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
/// message from the ticket as it then stands. Slack off: nothing is queued. A new ticket's events are owed like its mails
/// (<see cref="NewTicketAsync"/>): the delivery that created the ticket fails when they cannot be queued, and every
/// delivery that finds the ticket created queues them again, so a crash between storing the ticket and queueing them
/// loses no stream post, and <see cref="TicketStream"/> (its record in <c>chatposts</c>) posts it once however often it
/// is queued. A later change's events are the last step of a save that happened, so a queue refusing them is logged and
/// the ticket goes on: the next change of the ticket shows it whole.
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

    /// <summary>
    /// Queues a new ticket's events (<paramref name="ticket"/> as stored) for the stream, under one message id per ticket
    /// so a broker with duplicate detection drops a redelivery's copy. Failing to queue throws: the delivery is retried.
    /// </summary>
    public async Task NewTicketAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var events = EventsOf(ticket, [], created: true);
        await queue.PublishAsync(
            QueueNames.Chat,
            MessageCodec.Encode(ChatQueueMessage.ForStream(ticket.Reference, events), SupportJson.Default.ChatQueueMessage),
            messageId: $"{ticket.Reference}:chat:new",
            cancellationToken);
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
