namespace Support.Core.Queues;

/// <summary>
/// Handles the messages of one queue. Transient failures throw (the host redelivers); a message
/// that can never succeed comes back as <see cref="MessageOutcome.Poison"/> with its reason.
/// Every handler is idempotent: a redelivered message has the effects of one.
/// </summary>
public interface IQueueHandler
{
    string Queue { get; }

    Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken);
}

public sealed record MessageOutcome(bool Completed, string? PoisonReason)
{
    public static MessageOutcome Done { get; } = new(true, null);

    public static MessageOutcome Poison(string reason) => new(false, reason);
}

/// <summary>Finds the handler for a queue; both hosts dispatch through it.</summary>
public sealed class QueueDispatcher(IEnumerable<IQueueHandler> handlers)
{
    private readonly Dictionary<string, IQueueHandler> _handlers = handlers.ToDictionary(h => h.Queue, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Queues => _handlers.Keys;

    public Task<MessageOutcome> DispatchAsync(string queue, BinaryData body, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(queue, out var handler)
            ? handler.HandleAsync(body, cancellationToken)
            : Task.FromResult(MessageOutcome.Poison($"no handler for queue {queue}"));
}
