using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Support.Core.Queues;

/// <summary>
/// How long a failing message waits before its next attempt, bound from <c>Retry__*</c>. The
/// defaults keep a message coming back for more than an hour (a SendGrid or storage outage, a Key
/// Vault reference not resolved yet) before it is dead-lettered: 30 s, then doubling to 30 min.
/// </summary>
public sealed class RetryOptions
{
    public const string Section = "Retry";

    /// <summary>The wait after the first failure; at least the mail claim lease, so a retry finds the claim lapsed.</summary>
    public int FirstDelaySeconds { get; set; } = 30;

    public int MaxDelayMinutes { get; set; } = 30;

    /// <summary>Attempts in all, the first included; after the last failure the message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 11;

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1; null when the attempts are used up.</summary>
    public TimeSpan? DelayAfter(int failedAttempt)
    {
        if (failedAttempt >= MaxAttempts)
        {
            return null;
        }

        var seconds = FirstDelaySeconds * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelayMinutes * 60.0));
    }

    /// <summary>From the first failure to the last attempt.</summary>
    public TimeSpan TotalBackoff => TimeSpan.FromTicks(Enumerable.Range(1, Math.Max(0, MaxAttempts - 1)).Sum(a => DelayAfter(a)!.Value.Ticks));
}

/// <summary>Message properties a retried Service Bus message carries (the local queues count deliveries themselves).</summary>
public static class RetryProperties
{
    /// <summary>The attempt number of a rescheduled message; absent on the first.</summary>
    public const string Attempt = "attempt";

    /// <summary>The MessageId every rescheduled copy's id is derived from (<c>{id}#{attempt}</c>).</summary>
    public const string OriginalMessageId = "originalMessageId";
}

/// <summary>A service refused for now and said when to come back (Retry-After, a rate limit's reset): the message waits at least that long.</summary>
public sealed class RetryLaterException(string message, TimeSpan after) : Exception(message)
{
    /// <summary>The longest a message waits for one service's word: GitHub's hourly rate limit resets within the hour.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    public TimeSpan After { get; } = after;
}

public enum SettlementKind
{
    /// <summary>Handled: remove the message.</summary>
    Complete,

    /// <summary>Failed for now: send it again after <see cref="Settlement.Delay"/> as attempt <see cref="Settlement.NextAttempt"/>, and remove this one.</summary>
    Retry,

    /// <summary>Can never succeed, or failed every attempt: keep it aside (dead letter, poison queue) with the reason.</summary>
    DeadLetter,
}

public sealed record Settlement(SettlementKind Kind, string? Reason = null, TimeSpan Delay = default, int NextAttempt = 0);

/// <summary>
/// One delivery of a queue message, as both hosts run it: the handler decides, and this says how to
/// settle. A handler's <see cref="MessageOutcome.Poison"/> (a bad contract, a ticket that does not
/// exist) is dead-lettered at once; any exception backs off along <see cref="RetryOptions"/> and is
/// dead-lettered only once the attempts are used up. Nothing here throws but a shutdown.
/// </summary>
public sealed class QueueDelivery(QueueDispatcher dispatcher, IOptions<RetryOptions> retry, ILogger<QueueDelivery> logger)
{
    public IReadOnlyCollection<string> Queues => dispatcher.Queues;

    /// <param name="attempt">1 for the first delivery; a rescheduled message carries its own count.</param>
    public async Task<Settlement> HandleAsync(string queue, BinaryData body, string messageId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await dispatcher.DispatchAsync(queue, body, cancellationToken);
            return outcome.Completed ? new Settlement(SettlementKind.Complete) : new Settlement(SettlementKind.DeadLetter, outcome.PoisonReason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            if (retry.Value.DelayAfter(attempt) is not { } scheduled)
            {
                return new Settlement(SettlementKind.DeadLetter, $"failed {attempt} times; last: {ex.GetType().Name}: {ex.Message}");
            }

            // A service that said when to come back (a rate limit's reset) is not asked sooner than that.
            var delay = ex is RetryLaterException later && later.After > scheduled ? TimeSpan.FromTicks(Math.Min(later.After.Ticks, RetryLaterException.MaxWait.Ticks)) : scheduled;
            logger.LogWarning("Queue {Queue} message {MessageId} failed (attempt {Attempt}), retrying in {Delay}: {Error}", queue, messageId, attempt, delay, ex.Message);
            return new Settlement(SettlementKind.Retry, ex.Message, delay, attempt + 1);
        }
    }
}
