using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Support.IntegrationTests.Chat;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// The console on a real port, against the Slack host's storage with Slack on: what the console changes is queued for the
/// chat, and that host's workers post it to its <c>/_dev/slack</c> stand-in, as a developer's <c>dotnet run</c> would with
/// Slack configured.
/// </summary>
public sealed class SlackBrowserHost : IAsyncLifetime
{
    private ConsoleBeside? _console;

    public SlackHostFixture Slack { get; } = new();

    public string BaseUrl => _console?.BaseUrl ?? string.Empty;

    public async ValueTask InitializeAsync()
    {
        await Slack.InitializeAsync();
        _console = await ConsoleBeside.StartAsync(Slack.ConnectionString,
        [
            "--Slack:BotToken=xoxb-slack-test-token",
            $"--Slack:SigningSecret={SlackHostFixture.SigningSecret}",
            $"--Slack:StreamChannel={SlackHostFixture.StreamChannel}",
            $"--Slack:SupportChannel={SlackHostFixture.SupportChannel}",
        ]);
    }

    public Task<IBrowserContext> NewBrowserAsync() => _console!.NewBrowserAsync();

    public async ValueTask DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        await Slack.DisposeAsync();
    }
}

/// <summary>A first-level person escalates a ticket to technical support from the console, and the team hears of it in Slack.</summary>
public sealed class EscalateJourney(SlackBrowserHost host) : IClassFixture<SlackBrowserHost>
{
    [Fact]
    public async Task First_level_escalates_a_ticket_from_the_console_and_the_stream_and_both_people_hear_of_it_in_slack()
    {
        var reference = await StaffTickets.CreateAsync(host.Slack.Host.Services, assignee: "amira", subject: "Export to CSV fails for every report");
        await Eventually.GetAsync(async () => (await host.Slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(), $"{reference} in the stream");

        await using var browser = await host.NewBrowserAsync();
        var page = await ConsoleSignIn.SignInAsync(browser, "amira");
        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await Expect(page.Locator("#ticket-meta")).ToContainTextAsync("AssigneeAmira Okafor");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a ticket with its Escalate form");

        await page.FillAsync("#escalate-why", "the export fails in the database layer");
        await page.ClickAsync("#escalate");
        await Expect(page.Locator("#flash")).ToContainTextAsync("updated");
        await Expect(page.Locator("#escalate-why")).ToHaveValueAsync(string.Empty);

        var staff = host.Slack.Host.CreateStaffClient();
        var ticket = (await Api.TicketAsync(staff, reference))!;
        var technicalId = (string)ticket["assignee"]!;
        var roster = (await staff.GetFromJsonAsync<JsonObject>("/api/roster"))!;
        var technical = roster["people"]!.AsArray().Single(p => (string?)p!["id"] == technicalId)!;
        Assert.Contains("technical", technical["roles"]!.AsArray().Select(r => (string?)r));
        var name = (string)technical["name"]!;
        await Expect(page.Locator("#ticket-meta")).ToContainTextAsync("Assignee" + name);
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Escalated to {name} by Amira Okafor, was Amira Okafor (the export fails in the database layer).");
        await BrowserHost.ScreenshotAsync(page, "console-escalated");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "an escalated ticket");

        // Slack: the stream's one message for the ticket now names the technical person and the escalation (the assignment's
        // update and the escalation's arrive one after the other), and both people are told directly.
        var streamed = await Eventually.GetAsync(
            async () => (await host.Slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(m =>
                ((string?)m["text"])!.Contains(technicalId, StringComparison.Ordinal) && m["blocks"]!.ToJsonString().Contains("Escalated", StringComparison.Ordinal)),
            $"{reference}'s stream message to name {technicalId} and the escalation");
        Assert.NotEmpty(streamed["updates"]!.AsArray());
        Assert.Contains("Escalated", streamed["blocks"]!.ToJsonString(), StringComparison.Ordinal);
        await Eventually.GetAsync(async () => (await host.Slack.MessagesAsync("D0AMIRA", reference)).SingleOrDefault(), "amira told by direct message");
        await Eventually.GetAsync(async () => (await host.Slack.MessagesAsync("D0" + technicalId.ToUpperInvariant(), reference)).SingleOrDefault(), $"{technicalId} told by direct message");

        // A solved ticket may still be escalated (a customer may write back); a closed one cannot (the API answers 409), and the console no longer offers it.
        await page.ClickAsync("#ticket-actions [data-status=solved]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("status solved");
        await Expect(page.Locator("#escalate-form")).ToBeVisibleAsync();
        await page.ClickAsync("#ticket-actions [data-status=closed]");
        await Expect(page.Locator("#closed-notice")).ToContainTextAsync("a closed ticket is final");
        await Expect(page.Locator("#escalate-form")).ToBeHiddenAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a closed ticket without its Escalate form");
    }
}
