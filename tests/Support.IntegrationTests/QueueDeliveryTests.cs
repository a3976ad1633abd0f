using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Local.Queues;
using Xunit;

namespace Support.IntegrationTests;

/// <summary>Redelivery, poison messages and replay on the real storage queues.</summary>
public sealed class QueueDeliveryTests(AzuriteFixture env)
{
    private QueueServiceClient Queues => new(env.ConnectionString);

    [Fact]
    public async Task An_inquiry_delivered_three_times_becomes_one_ticket_with_one_acknowledgement()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var email = Api.UniqueEmail();
        var reference = TicketReference.Derive("redelivery:" + email, 0);
        var inquiry = new Inquiry
        {
            Id = Guid.NewGuid().ToString("N"),
            Reference = reference,
            Channel = Channel.Web,
            ReceivedAt = DateTimeOffset.UtcNow,
            Requester = new Requester("Ada", email, null),
            Subject = "Where is the export button?",
            Body = "How do I export my data?",
            SourceId = "redelivery:" + email,
        };
        // Stored first, as intake does before it queues: triage makes no ticket for an inquiry that is not stored.
        await env.Host.Services.GetRequiredService<ITicketStore>().StoreInquiryAsync(inquiry, TestContext.Current.CancellationToken);
        var body = MessageCodec.Encode(InquiryMessage.For(inquiry), SupportJson.Default.InquiryMessage);

        var queue = Queues.GetQueueClient(QueueNames.Inquiries);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => queue.SendMessageAsync(body)));

        await Api.TicketWithEventAsync(staff, reference, "acknowledged");
        await Task.Delay(1500);
        var ticket = (await Api.TicketAsync(staff, reference))!;
        var types = ticket["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(1, types.Count(t => t == "triaged"));
        Assert.Equal(1, types.Count(t => t == "assigned"));
        Assert.Equal(1, types.Count(t => t == "acknowledged"));
        Assert.Single(await Api.MailsToAsync(client, email));
    }

    [Fact]
    public async Task A_message_that_can_never_succeed_is_parked_with_its_reason_and_can_be_replayed()
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = $$"""{"v":42,"reference":"SUP-7K3Q9F","marker":"{{marker}}"}""";

        await Queues.GetQueueClient(QueueNames.Assignments).SendMessageAsync(body);

        var parked = await Eventually.GetAsync(() => FindPoisonAsync(QueueNames.Assignments, marker), "the message to reach the poison queue");
        Assert.Equal(QueueNames.Assignments, parked.Queue);
        Assert.Contains("version 42", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(body, parked.Body);

        // Replay puts it back once; it fails again and returns to the poison queue, nothing is lost.
        using var output = new StringWriter();
        Assert.Equal(0, await PoisonReplay.RunAsync(Queues, [QueueNames.Assignments], output, CancellationToken.None));
        Assert.Contains("back on assignments", output.ToString(), StringComparison.Ordinal);
        await Eventually.GetAsync(() => FindPoisonAsync(QueueNames.Assignments, marker), "the replayed message to fail again");
    }

    [Fact]
    public async Task Replay_names_an_unknown_queue()
    {
        using var output = new StringWriter();

        Assert.Equal(2, await PoisonReplay.RunAsync(Queues, ["nonsense"], output, CancellationToken.None));
        Assert.Contains("unknown queue nonsense", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<PoisonMessage?> FindPoisonAsync(string queue, string marker)
    {
        var messages = await Queues.GetQueueClient(QueueNames.PoisonOf(queue)).PeekMessagesAsync(32);
        return messages.Value
            .Select(m => JsonSerializer.Deserialize(m.Body, LocalJson.Default.PoisonMessage)!)
            .FirstOrDefault(p => p.Body.Contains(marker, StringComparison.Ordinal));
    }
}
