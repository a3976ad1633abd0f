using Azure.Messaging.ServiceBus;
using Support.Core.Queues;

namespace Support.Local.Queues;

/// <summary>
/// <c>replay --service-bus &lt;namespace&gt; [queue]</c>: the Azure counterpart of <see cref="PoisonReplay"/>.
/// Moves every message in the queues' dead-letter sub-queues back onto their queues, signed in as
/// the admin running it (<c>az login</c>; the template grants the deployer Service Bus Data Owner).
/// A replayed message starts its attempts afresh under a new MessageId derived from the dead
/// letter's sequence number, so duplicate detection never drops it and a replay that died halfway
/// and runs again sends nothing twice.
/// </summary>
public static class DeadLetterReplay
{
    /// <summary>Properties a dead letter carries that must not follow it back (the broker's reason, our attempt count).</summary>
    private static readonly string[] Dropped = ["DeadLetterReason", "DeadLetterErrorDescription", RetryProperties.Attempt];

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(ServiceBusClient client, IReadOnlyList<string> only, TextWriter output, CancellationToken cancellationToken)
    {
        if (await PoisonReplay.TargetsAsync(only, output) is not { } targets)
        {
            return 2;
        }

        var total = 0;
        foreach (var queue in targets)
        {
            await using var receiver = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
            await using var sender = client.CreateSender(queue);
            var replayed = 0;
            while (true)
            {
                var batch = await receiver.ReceiveMessagesAsync(32, Wait, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var dead in batch)
                {
                    await output.WriteLineAsync($"replay: {queue} #{dead.SequenceNumber} ({dead.DeadLetterReason}: {dead.DeadLetterErrorDescription})");
                    await sender.SendMessageAsync(Again(dead), cancellationToken);
                    await receiver.CompleteMessageAsync(dead, cancellationToken);
                    replayed++;
                }
            }

            await output.WriteLineAsync($"replay: {replayed} message(s) from {queue}'s dead letters back on {queue}");
            total += replayed;
        }

        await output.WriteLineAsync($"replay: {total} message(s) replayed");
        return 0;
    }

    /// <summary>The dead letter as a new first attempt.</summary>
    public static ServiceBusMessage Again(ServiceBusReceivedMessage dead)
    {
        var id = $"{dead.MessageId}~replay{dead.SequenceNumber}";
        var message = new ServiceBusMessage(dead) { MessageId = id };
        foreach (var name in Dropped)
        {
            message.ApplicationProperties.Remove(name);
        }

        // Later retries derive their ids from this one, not from ids already used before the message died.
        message.ApplicationProperties[RetryProperties.OriginalMessageId] = id;
        return message;
    }
}
