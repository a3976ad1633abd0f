using Azure.Messaging.ServiceBus;
using Support.Core.Queues;
using Support.Local.Queues;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>
/// <c>replay --service-bus</c> against the Service Bus SDK's own test doubles (its clients are made to be
/// subclassed for this): every dead letter goes back once as a fresh first attempt, and is removed.
/// </summary>
public sealed class DeadLetterReplayTests
{
    [Fact]
    public async Task Every_dead_letter_goes_back_on_its_queue_once_as_a_first_attempt_under_a_new_id()
    {
        var bus = new FakeBus();
        bus.DeadLetters[QueueNames.Outbound] =
        [
            Dead("reply-1#11", 41, attempt: 11, reason: "failed 11 times; last: HttpRequestException: SendGrid answered 503"),
            Dead("reply-2", 42, attempt: null, reason: "ticket SUP-X does not exist"),
        ];
        using var output = new StringWriter();

        Assert.Equal(0, await DeadLetterReplay.RunAsync(bus, [], output, CancellationToken.None));

        Assert.Empty(bus.DeadLetters[QueueNames.Outbound]);
        var sent = bus.Sent[QueueNames.Outbound];
        Assert.Equal(["reply-1#11~replay41", "reply-2~replay42"], sent.Select(m => m.MessageId));
        Assert.All(sent, m =>
        {
            Assert.False(m.ApplicationProperties.ContainsKey("attempt"));
            Assert.False(m.ApplicationProperties.ContainsKey("DeadLetterReason"));
            Assert.Equal(m.MessageId, m.ApplicationProperties["originalMessageId"]);
        });
        Assert.Equal("{\"reference\":\"reply-1#11\"}", sent[0].Body.ToString());
        Assert.Contains("replay: 2 message(s) replayed", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("SendGrid answered 503", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_queue_is_refused_and_nothing_moves()
    {
        var bus = new FakeBus();
        using var output = new StringWriter();
        Assert.Equal(2, await DeadLetterReplay.RunAsync(bus, ["nope"], output, CancellationToken.None));
        Assert.Contains("unknown queue nope", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(bus.Sent);
    }

    private static ServiceBusReceivedMessage Dead(string id, long sequence, int? attempt, string reason)
    {
        var properties = new Dictionary<string, object> { ["DeadLetterReason"] = "Unprocessable", ["DeadLetterErrorDescription"] = reason };
        if (attempt is { } n)
        {
            properties["attempt"] = n;
            properties["originalMessageId"] = id.Split('#')[0];
        }

        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString($"{{\"reference\":\"{id}\"}}"), messageId: id, sequenceNumber: sequence, properties: properties);
    }

    private sealed class FakeBus : ServiceBusClient
    {
        public Dictionary<string, List<ServiceBusReceivedMessage>> DeadLetters { get; } = QueueNames.All.ToDictionary(q => q, _ => new List<ServiceBusReceivedMessage>());

        public Dictionary<string, List<ServiceBusMessage>> Sent { get; } = [];

        public override ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options)
        {
            Assert.Equal(SubQueue.DeadLetter, options.SubQueue);
            return new DeadLetterReceiver(DeadLetters[queueName]);
        }

        public override ServiceBusSender CreateSender(string queueName) => new Sender(Sent, queueName);
    }

    private sealed class DeadLetterReceiver(List<ServiceBusReceivedMessage> messages) : ServiceBusReceiver
    {
        private bool _handedOut;

        public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
        {
            // Locked messages are not received again, as with peek-lock.
            IReadOnlyList<ServiceBusReceivedMessage> batch = _handedOut ? [] : [.. messages.Take(maxMessages)];
            _handedOut = true;
            return Task.FromResult(batch);
        }

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
        {
            messages.Remove(message);
            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class Sender(Dictionary<string, List<ServiceBusMessage>> sent, string queue) : ServiceBusSender
    {
        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            (sent.TryGetValue(queue, out var list) ? list : sent[queue] = []).Add(message);
            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
