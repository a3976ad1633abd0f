using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Support.Adapters.Storage;
using Support.Core.Queues;
using Support.Local.Hosting;

namespace Support.Local.Queues;

/// <summary>
/// The local stand-in for the Service Bus triggers: receives from each storage queue and hands
/// every message to the same <see cref="QueueDelivery"/> the Functions app uses, settling it as that
/// says. A message is deleted only after its handler finished; a failure hides it for the back-off
/// of <see cref="RetryOptions"/> (the storage queue's dequeue count is the attempt number) and once
/// the attempts are used up, or at once for a message that can never succeed, it moves to the
/// poison queue with its reason, so nothing is lost and nothing retries forever.
/// </summary>
public sealed class QueuePump(
    QueueServiceClient queues,
    QueueDelivery delivery,
    QueueSignal signal,
    IOptions<LocalQueueOptions> options,
    TimeProvider time,
    ILogger<QueuePump> logger) : BackgroundService
{
    /// <summary>The most messages one receive can return (a Storage queue limit).</summary>
    private const int MaxReceiveBatch = 32;

    private static readonly TimeSpan FirstIdle = TimeSpan.FromMilliseconds(25);

    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(10);

    private readonly LocalQueueOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(delivery.Queues.Select(queue => Task.Run(() => PumpAsync(queue, stoppingToken), stoppingToken)));

    /// <summary>
    /// Keeps up to <see cref="LocalQueueOptions.MaxConcurrentMessages"/> messages of the queue in hand,
    /// receiving as many as there are free slots, so one slow message never holds up the others
    /// (as Service Bus's <c>maxConcurrentCalls</c> does in Azure).
    /// </summary>
    private async Task PumpAsync(string queue, CancellationToken stoppingToken)
    {
        var client = queues.GetQueueClient(queue);
        var idle = FirstIdle;
        var maxIdle = TimeSpan.FromMilliseconds(_options.MaxPollIntervalMilliseconds);
        var unavailableLogged = false;
        var capacity = Math.Max(1, _options.MaxConcurrentMessages);
        using var slots = new SemaphoreSlim(capacity, capacity);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < Math.Min(capacity, MaxReceiveBatch) && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                QueueMessage[] batch;
                try
                {
                    var response = await client.ReceiveMessagesAsync(
                        maxMessages: free,
                        visibilityTimeout: TimeSpan.FromSeconds(_options.VisibilityTimeoutSeconds),
                        cancellationToken: stoppingToken);
                    batch = response.Value;
                    unavailableLogged = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && StorageFaults.IsUnavailable(ex))
                {
                    slots.Release(free);
                    if (!unavailableLogged)
                    {
                        logger.LogWarning("Queue {Queue} unreachable; messages wait in the queue until storage is back", queue);
                        unavailableLogged = true;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }

                if (batch.Length < free)
                {
                    slots.Release(free - batch.Length);
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                foreach (var message in batch)
                {
                    inFlight.Add(HandleAndReleaseAsync(client, queue, message, slots, stoppingToken));
                }

                if (batch.Length == free)
                {
                    idle = FirstIdle;
                    continue;
                }

                // The queue is empty for now: sleep until this process sends to it, or the poll interval passes (growing
                // until a receive comes back full: this process's sends wake the pump, so polls only find messages
                // sent elsewhere or back from a retry's back-off). After a send, linger a moment so the sends of a
                // burst come in one receive.
                var wait = idle;
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, maxIdle.Ticks));
                if (await signal.WaitAsync(queue, wait, stoppingToken))
                {
                    await Task.Delay(Linger, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: messages in hand finish or reappear after their visibility timeout.
        }
        finally
        {
            // Before the slots are disposed: every message in hand releases its slot when done.
            await Task.WhenAll(inFlight);
        }
    }

    private async Task HandleAndReleaseAsync(QueueClient client, string queue, QueueMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await HandleAsync(client, queue, message, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task HandleAsync(QueueClient client, string queue, QueueMessage message, CancellationToken cancellationToken)
    {
        Settlement settlement;
        try
        {
            settlement = await delivery.HandleAsync(queue, message.Body, message.MessageId, (int)message.DequeueCount, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message reappears after its visibility timeout and is handled then.
            return;
        }

        try
        {
            switch (settlement.Kind)
            {
                case SettlementKind.Complete:
                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    break;

                case SettlementKind.Retry:
                    // Hidden for the back-off; it comes back with its dequeue count one higher (the next attempt).
                    await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settlement.Delay, cancellationToken: cancellationToken);
                    break;

                default:
                    await PoisonAsync(client, queue, message, settlement.Reason!, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage itself is failing: the message reappears after its visibility timeout, nothing is lost.
            logger.LogWarning("Queue {Queue} message {MessageId} left for redelivery: {Error}", queue, message.MessageId, ex.Message);
        }
    }

    private async Task PoisonAsync(QueueClient client, string queue, QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        var poison = new PoisonMessage(queue, reason, message.DequeueCount, time.GetUtcNow(), message.Body.ToString());
        await queues.GetQueueClient(QueueNames.PoisonOf(queue)).SendMessageAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(poison, LocalJson.Default.PoisonMessage)),
            timeToLive: TimeSpan.FromSeconds(-1),
            cancellationToken: cancellationToken);
        await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        logger.LogError("Queue {Queue} message {MessageId} moved to {Poison}: {Reason}", queue, message.MessageId, QueueNames.PoisonOf(queue), reason);
    }
}
