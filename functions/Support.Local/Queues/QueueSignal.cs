using System.Collections.Concurrent;
using Support.Adapters.Storage;

namespace Support.Local.Queues;

/// <summary>Wakes a queue's pump the moment this process sends to that queue, so a pipeline step does not wait for a poll.</summary>
public sealed class QueueSignal : IQueueSentListener
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Sent(string queue)
    {
        // Checked and released under a lock: two senders at once would otherwise both release, and the
        // second would throw for going past the one wake-up the pump needs.
        var signal = For(queue);
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>True when woken by a send, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        For(queue).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim For(string queue) => _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1));
}
