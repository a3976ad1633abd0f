using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Support.Core.Queues;

namespace Support.Functions.Hosting;

/// <summary>
/// Hands a Service Bus message to <see cref="QueueDelivery"/> and settles it as it says: completed
/// when handled; dead-lettered with the reason when it can never succeed or has used up its
/// attempts; otherwise sent again as a scheduled message carrying the next attempt number, and the
/// original completed right after. Service Bus's own redelivery (up to the queue's
/// MaxDeliveryCount) is left for an instance dying mid-message.
/// </summary>
public sealed class QueueSettlement(QueueDelivery delivery, ServiceBusQueuePublisher publisher, TimeProvider time, ILogger<QueueSettlement> logger)
{
    /// <summary>The app-settings prefix of the namespace (<c>ServiceBusConnection__fullyQualifiedNamespace</c> and its credential).</summary>
    public const string Connection = "ServiceBusConnection";

    /// <summary>The dead-letter reason of a message its handler refused or that failed every attempt; the description says why.</summary>
    public const string PoisonReason = "Unprocessable";

    public async Task HandleAsync(string queue, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        var attempt = message.ApplicationProperties.TryGetValue(RetryProperties.Attempt, out var value) && value is int n ? n : 1;
        var settlement = await delivery.HandleAsync(queue, message.Body, message.MessageId, attempt, cancellationToken);
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;

            case SettlementKind.Retry:
                // Scheduled before the original is completed: a crash in between redelivers the original, and the
                // copy's stable MessageId (duplicate detection is on every queue) keeps a second copy out.
                var again = new ServiceBusMessage(message)
                {
                    MessageId = $"{OriginalId(message)}#{settlement.NextAttempt}",
                };
                again.ApplicationProperties[RetryProperties.Attempt] = settlement.NextAttempt;
                again.ApplicationProperties[RetryProperties.OriginalMessageId] = OriginalId(message);
                await publisher.ScheduleAsync(queue, again, time.GetUtcNow() + settlement.Delay, cancellationToken);
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;

            default:
                logger.LogError("Queue {Queue} message {MessageId} dead-lettered on attempt {Attempt}: {Reason}", queue, message.MessageId, attempt, settlement.Reason);
                await actions.DeadLetterMessageAsync(message, deadLetterReason: PoisonReason, deadLetterErrorDescription: settlement.Reason, cancellationToken: cancellationToken);
                break;
        }
    }

    private static string OriginalId(ServiceBusReceivedMessage message) =>
        message.ApplicationProperties.TryGetValue(RetryProperties.OriginalMessageId, out var id) && id is string original ? original : message.MessageId;
}
