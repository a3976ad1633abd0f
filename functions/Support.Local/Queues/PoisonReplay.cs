using System.Text.Json;
using Azure.Storage.Queues;
using Support.Core.Queues;

namespace Support.Local.Queues;

/// <summary>
/// <c>replay [queue]</c>: puts the messages parked in the poison queues back on their queues,
/// once whatever made them fail is fixed. Each goes back once; a message that fails again
/// returns to the poison queue after its attempts.
/// </summary>
public static class PoisonReplay
{
    public static async Task<int> RunAsync(QueueServiceClient queues, IReadOnlyList<string> only, TextWriter output, CancellationToken cancellationToken)
    {
        if (await TargetsAsync(only, output) is not { } targets)
        {
            return 2;
        }

        var total = 0;
        foreach (var queue in targets)
        {
            var poison = queues.GetQueueClient(QueueNames.PoisonOf(queue));
            if (!await poison.ExistsAsync(cancellationToken))
            {
                continue;
            }

            var target = queues.GetQueueClient(queue);
            var replayed = 0;
            while (true)
            {
                var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    var parked = JsonSerializer.Deserialize(message.Body, LocalJson.Default.PoisonMessage);
                    if (parked is not null)
                    {
                        await target.SendMessageAsync(BinaryData.FromString(parked.Body), cancellationToken: cancellationToken);
                        replayed++;
                    }

                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }

            await output.WriteLineAsync($"replay: {replayed} message(s) from {QueueNames.PoisonOf(queue)} back on {queue}");
            total += replayed;
        }

        await output.WriteLineAsync($"replay: {total} message(s) replayed");
        return 0;
    }

    /// <summary>The queues to replay (all when none are named); null, with the reason written, when a name is unknown.</summary>
    internal static async Task<IReadOnlyList<string>?> TargetsAsync(IReadOnlyList<string> only, TextWriter output)
    {
        var targets = only.Count == 0 ? QueueNames.All : only;
        var unknown = targets.Except(QueueNames.All, StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return targets;
        }

        await output.WriteLineAsync($"replay: unknown queue {string.Join(", ", unknown)}; queues are {string.Join(", ", QueueNames.All)}");
        return null;
    }
}
