using System.Collections.Concurrent;
using System.Net;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>Storage goes away while inquiries arrive and comes back with its data.</summary>
public sealed class StorageOutageDuringIntakeTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Queues:VisibilityTimeoutSeconds"] = "3" };

    [Fact]
    public async Task Intake_refuses_with_503_while_storage_is_down_and_every_accepted_inquiry_becomes_one_acknowledged_ticket()
    {
        await using var storage = await OwnStorage.StartAsync();
        await using var host = new LocalHostFactory(storage.ConnectionString, Settings);
        var client = host.CreateClient();
        var answers = new ConcurrentBag<(string Email, HttpStatusCode Status, string? Reference)>();

        async Task PostAsync()
        {
            var email = Api.UniqueEmail("outage");
            var response = await Api.PostWebAsync(client, Api.Form(email));
            answers.Add((email, response.StatusCode, response.StatusCode == HttpStatusCode.Accepted ? await Api.ReferenceOf(response) : null));
        }

        // Before: accepted. A steady trickle keeps arriving across the outage, so some land mid-stop.
        for (var i = 0; i < 5; i++)
        {
            await PostAsync();
        }

        using var trickleStop = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            while (!trickleStop.IsCancellationRequested)
            {
                await PostAsync();
                await Task.Delay(50);
            }
        });

        await Task.Delay(300);
        await storage.StopAsync();

        var duringOutage = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.PostWebAsync(client, Api.Form(Api.UniqueEmail("down")))));
        foreach (var response in duringOutage)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await storage.RestartAsync();
        await Task.Delay(300);
        await trickleStop.CancelAsync();
        await trickle;
        for (var i = 0; i < 5; i++)
        {
            await PostAsync();
        }

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).ToList();
        Assert.True(accepted.Count >= 10, $"only {accepted.Count} accepted");
        foreach (var (email, _, reference) in accepted)
        {
            await Outcome.AssertExactlyOneTicketAndOneAcknowledgementAsync(host, email, reference!, TimeSpan.FromSeconds(60));
        }

        // A refused inquiry leaves nothing behind that could surface later as a ticket: intake withdraws it, and
        // triage creates no ticket for a withdrawn inquiry even when its message reached the queue. The one
        // exception is an inquiry intake could not withdraw either (storage failed under both writes), which it
        // logs: that one may become a ticket, once.
        var leaked = new List<string>();
        foreach (var (email, _, _) in answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable))
        {
            var mails = await Api.MailsToAsync(host.CreateClient(), email);
            if (mails.Count > 0)
            {
                Assert.Single(mails);
                leaked.Add(email);
            }
        }

        Assert.True(
            leaked.Count <= host.Logs.Lines.Count(l => l.Contains("could not be withdrawn either", StringComparison.Ordinal)),
            $"{leaked.Count} refused inquiries became tickets although intake withdrew them");
    }
}
