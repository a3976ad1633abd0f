using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Support.Core.Contracts;
using Support.Core.Queues;
using Support.Local.Queues;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>Every queue of the pipeline delivering each message three times, and a step that always fails.</summary>
public sealed class RedeliveryAndPoisonTests
{
    [Fact]
    public async Task Every_message_of_every_queue_delivered_three_times_has_the_effects_of_one()
    {
        await using var storage = await OwnStorage.StartAsync();
        var queues = new QueueServiceClient(storage.ConnectionString);
        var accepted = new List<(string Email, string Reference)>();

        // Accepted, but nothing handled yet: the inquiry message waits in its queue.
        await using (var intakeOnly = new LocalHostFactory(storage.ConnectionString) { ConfigureTestServices = Faults.NoQueuePump })
        {
            var client = intakeOnly.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                var email = Api.UniqueEmail("thrice");
                var response = await Api.PostWebAsync(client, Api.Form(email));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add((email, await Api.ReferenceOf(response)));
            }
        }

        // Each inquiry twice more before anything runs: three triage deliveries, each of which assigns
        // the ticket and sends its mails in process, so assignment and mail see the duplicates too.
        var inquiries = queues.GetQueueClient(QueueNames.Inquiries);
        foreach (var queued in (await inquiries.PeekMessagesAsync(32)).Value)
        {
            await inquiries.SendMessageAsync(queued.Body);
            await inquiries.SendMessageAsync(queued.Body);
        }

        Assert.Equal(9, (await inquiries.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        await using var host = new LocalHostFactory(storage.ConnectionString);
        foreach (var (email, reference) in accepted)
        {
            await Outcome.AssertExactlyOneTicketAndOneAcknowledgementAsync(host, email, reference, TimeSpan.FromSeconds(60));
        }

        // Late copies, after everything is done, change nothing either.
        foreach (var (_, reference) in accepted)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                await queues.GetQueueClient(QueueNames.Assignments).SendMessageAsync(
                    MessageCodec.Encode(AssignmentMessage.For(reference), SupportJson.Default.AssignmentMessage));
            }
        }

        await Eventually.GetAsync(async () => await QueuesDrainedAsync(queues) ? "drained" : null, "every queue to drain", TimeSpan.FromSeconds(60));
        foreach (var (email, reference) in accepted)
        {
            await Outcome.AssertExactlyOneTicketAndOneAcknowledgementAsync(host, email, reference, TimeSpan.FromSeconds(5));
        }

        foreach (var queue in QueueNames.All)
        {
            Assert.Equal(0, (await queues.GetQueueClient(QueueNames.PoisonOf(queue)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
    }

    [Fact]
    public async Task A_step_that_always_throws_parks_its_message_with_the_reason_after_the_configured_attempts_and_replay_finishes_it_once_fixed()
    {
        await using var storage = await OwnStorage.StartAsync();
        var queues = new QueueServiceClient(storage.ConnectionString);
        var settings = new Dictionary<string, string?> { ["Retry:MaxAttempts"] = "3", ["Queues:VisibilityTimeoutSeconds"] = "2" };
        var email = Api.UniqueEmail("poison");
        string reference;

        await using (var broken = new LocalHostFactory(storage.ConnectionString, settings) { ConfigureTestServices = Faults.AssignmentThrows })
        {
            reference = await Api.ReferenceOf(await Api.PostWebAsync(broken.CreateClient(), Api.Form(email)));

            var parked = await Eventually.GetAsync(
                async () => (await queues.GetQueueClient(QueueNames.PoisonOf(QueueNames.Assignments)).PeekMessagesAsync(32)).Value
                    .Select(m => JsonSerializer.Deserialize(m.Body, LocalJson.Default.PoisonMessage)!)
                    .FirstOrDefault(p => p.Body.Contains(reference, StringComparison.Ordinal)),
                "the assignment message to be parked",
                TimeSpan.FromSeconds(30));

            Assert.Equal(QueueNames.Assignments, parked.Queue);
            Assert.Equal(3, parked.Attempts);
            Assert.Contains("failed 3 times", parked.Reason, StringComparison.Ordinal);
            Assert.Contains("assignment policy broken for this test", parked.Reason, StringComparison.Ordinal);
            Assert.Contains(broken.Logs.Lines, l => l.Contains("moved to assignments-poison", StringComparison.Ordinal));
            var ticket = (await Api.TicketAsync(broken.CreateStaffClient(), reference))!;
            Assert.Null(ticket["assignee"]?.GetValue<string>());
        }

        // Fixed (the real policy again); the documented replay puts the message back once.
        await using var fixedHost = new LocalHostFactory(storage.ConnectionString, settings);
        _ = fixedHost.Server;
        using var output = new StringWriter();
        Assert.Equal(0, await PoisonReplay.RunAsync(queues, [QueueNames.Assignments], output, CancellationToken.None));
        Assert.Contains("back on assignments", output.ToString(), StringComparison.Ordinal);

        await Outcome.AssertExactlyOneTicketAndOneAcknowledgementAsync(fixedHost, email, reference, TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await queues.GetQueueClient(QueueNames.PoisonOf(QueueNames.Assignments)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<bool> QueuesDrainedAsync(QueueServiceClient queues)
    {
        foreach (var queue in QueueNames.All)
        {
            if ((await queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }
}
