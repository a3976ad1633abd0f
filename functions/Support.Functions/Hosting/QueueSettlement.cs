using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Support.Core.Queues;

namespace Support.Functions.Hosting;

/// <summary>
/// Hands a Service Bus message to its queue's handler and settles it on purpose: completed when
/// handled, dead-lettered with the reason when it can never succeed. An exception is not caught:
/// the invocation fails, Service Bus redelivers the message, and after the queue's
/// MaxDeliveryCount dead-letters it by itself.
/// </summary>
public sealed class QueueSettlement(QueueDispatcher dispatcher, ILogger<QueueSettlement> logger)
{
    /// <summary>The app-settings prefix of the namespace (<c>ServiceBusConnection__fullyQualifiedNamespace</c> and its credential).</summary>
    public const string Connection = "ServiceBusConnection";

    /// <summary>The dead-letter reason of a message its handler refused; the description says why.</summary>
    public const string PoisonReason = "Unprocessable";

    public async Task HandleAsync(string queue, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        var outcome = await dispatcher.DispatchAsync(queue, message.Body, cancellationToken);
        if (outcome.Completed)
        {
            await actions.CompleteMessageAsync(message, cancellationToken);
            return;
        }

        logger.LogError("Queue {Queue} message {MessageId} dead-lettered on delivery {DeliveryCount}: {Reason}", queue, message.MessageId, message.DeliveryCount, outcome.PoisonReason);
        await actions.DeadLetterMessageAsync(message, deadLetterReason: PoisonReason, deadLetterErrorDescription: outcome.PoisonReason, cancellationToken: cancellationToken);
    }
}
