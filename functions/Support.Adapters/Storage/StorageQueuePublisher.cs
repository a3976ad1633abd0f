using Azure.Storage.Queues;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Queues on Azure Storage (Azurite locally). Storage queues have no duplicate detection; the
/// handlers are idempotent, so a duplicate costs a little work and changes nothing.
/// </summary>
public sealed class StorageQueuePublisher(QueueServiceClient service, IEnumerable<IQueueSentListener> listeners) : IQueuePublisher
{
    private readonly IQueueSentListener[] _listeners = [.. listeners];

    public async Task PublishAsync(string queue, BinaryData body, string messageId, CancellationToken cancellationToken)
    {
        await StorageCalls.Run(() => service.GetQueueClient(queue).SendMessageAsync(body, cancellationToken: cancellationToken));
        foreach (var listener in _listeners)
        {
            listener.Sent(queue);
        }
    }
}

/// <summary>Lets an in-process consumer wake up as soon as a message is sent instead of waiting for its next poll.</summary>
public interface IQueueSentListener
{
    void Sent(string queue);
}
