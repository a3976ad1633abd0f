using System.Net.Http.Json;
using Microsoft.Playwright;
using Support.IntegrationTests.Engineering;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// The console on a real port, against the GitHub host's storage: that host's workers file what the console queues,
/// in its GitHub stand-in, as a developer's <c>dotnet run</c> would with GitHub configured.
/// </summary>
public sealed class GitHubBrowserHost : IAsyncLifetime
{
    private ConsoleBeside? _console;

    public GitHubHostFixture GitHub { get; } = new();

    public string BaseUrl => _console?.BaseUrl ?? string.Empty;

    public async ValueTask InitializeAsync()
    {
        await GitHub.InitializeAsync();
        _console = await ConsoleBeside.StartAsync(GitHub.ConnectionString,
        [
            "--Slack:BotToken=",
            "--GitHub:Owner=acme",
            "--GitHub:Repository=app",
            $"--GitHub:OtherRepositories={GitHubHostFixture.OtherRepository}",
            "--Discourse:BaseUrl=http://localhost/_dev/discourse/",
            "--Discourse:CategoryId=5",
        ]);
    }

    public Task<IBrowserContext> NewBrowserAsync() => _console!.NewBrowserAsync();

    public async ValueTask DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        await GitHub.DisposeAsync();
    }
}

/// <summary>A support person logs a ticket in GitHub from the console, sees it pending, then linked, and uses the drafted reply once it is fixed.</summary>
public sealed class GitHubJourney(GitHubBrowserHost host) : IClassFixture<GitHubBrowserHost>
{
    [Fact]
    public async Task Staff_log_a_ticket_in_GitHub_from_the_console_and_use_the_drafted_reply_when_it_is_fixed()
    {
        var reference = await StaffTickets.CreateAsync(host.GitHub.Host.Services, assignee: "amira");

        await using var browser = await host.NewBrowserAsync();
        var page = await ConsoleSignIn.SignInAsync(browser, "amira");
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("amira");

        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await Expect(page.Locator("#github-state")).ToHaveTextAsync("Not logged in GitHub.");
        await page.SelectOptionAsync("#github-repository", GitHubHostFixture.OtherRepository);
        await page.ClickAsync("#github-log");
        await Expect(page.Locator("#flash")).ToContainTextAsync("updated");
        await Expect(page.Locator("#github-form")).ToBeHiddenAsync();

        var ticket = await host.GitHub.LinkedAsync(reference);
        var number = (int)ticket["github"]!["number"]!;
        await page.ReloadAsync();
        await Expect(page.Locator("#github-state")).ToHaveTextAsync($"GitHub: {GitHubHostFixture.OtherRepository}#{number}");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Logged in GitHub as {GitHubHostFixture.OtherRepository}#{number}.");
        await BrowserHost.ScreenshotAsync(page, "console-github-linked");

        await GitHubDeliveries.SendAsync(host.GitHub.Host.CreateClient(), "issues", GitHubDeliveries.IssuesEvent("closed", GitHubHostFixture.OtherRepository, number, stateReason: "completed"), GitHubHostFixture.WebhookSecret);
        await page.ReloadAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"GitHub issue {GitHubHostFixture.OtherRepository}#{number} was closed as completed");
        await page.ClickAsync("#github-draft");
        await Expect(page.Locator("#reply-body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("the fix for the problem you reported"));
        await Expect(page.Locator("#reply-body")).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a ticket logged in GitHub");
        await BrowserHost.ScreenshotAsync(page, "console-github-fixed");
    }

    [Fact]
    public async Task Staff_see_that_a_ticket_joined_the_GitHub_issue_of_another_customers_report_and_follow_the_link_to_it()
    {
        var client = host.GitHub.Host.CreateClient();
        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"search.{Guid.NewGuid():N}@one.example", "New datasets missing from search",
            "Datasets we published since Monday do not show up in the portal search or in the API search endpoint, although they open fine from a direct link. Older datasets are still found. Our users cannot find the new data.")));
        var number = (int)(await host.GitHub.LinkedAsync(first))["github"]!["number"]!;
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"portal.{Guid.NewGuid():N}@two.example", "Search does not find our new datasets",
            "The datasets we uploaded this week are not returned by the portal search or by the search API, but opening them with their direct URL works. Datasets from before are found as usual. People cannot find the new data.")));
        await host.GitHub.LinkedAsync(second);

        await using var browser = await host.NewBrowserAsync();
        var page = await ConsoleSignIn.SignInAsync(browser, "amira");
        await page.GotoAsync("/console#ticket/" + second);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(second);
        await Expect(page.Locator("#github-state")).ToHaveTextAsync($"GitHub: {GitHubHostFixture.Repository}#{number}");
        await Expect(page.Locator("#timeline")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
            $"Linked to GitHub issue {GitHubHostFixture.Repository}#{number}, where {first} reports the same problem \\([0-9]+% similar\\)\\."));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a ticket joined to another's GitHub issue");
        await BrowserHost.ScreenshotAsync(page, "console-github-joined");

        await page.Locator("#timeline").GetByRole(AriaRole.Link, new() { Name = first }).ClickAsync();
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync($"{first}: New datasets missing from search");
        await Expect(page.Locator("#github-state")).ToHaveTextAsync($"GitHub: {GitHubHostFixture.Repository}#{number}");
    }

    [Fact]
    public async Task Staff_confirm_a_feature_request_for_the_forum_with_their_own_title_and_use_the_drafted_reply_with_its_public_link()
    {
        var reference = await StaffTickets.CreateAsync(host.GitHub.Host.Services, assignee: "amira", subject: "Dark theme please", message: "Could the console have a dark theme? Our night shift finds the white screens tiring.");
        var staff = host.GitHub.Host.CreateStaffClient();
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = System.Net.Http.Json.JsonContent.Create(new { category = "feature-request", severity = "S3" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.True((await staff.SendAsync(patch)).IsSuccessStatusCode);

        await using var browser = await host.NewBrowserAsync();
        var page = await ConsoleSignIn.SignInAsync(browser, "amira");
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("amira");

        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await Expect(page.Locator("#forum-state")).ToHaveTextAsync("Not on the forum yet.");
        await Expect(page.Locator("#forum-title")).ToHaveValueAsync("Dark theme please");
        await page.FillAsync("#forum-title", "Dark theme for the support console");
        await page.ClickAsync("#forum-post");
        await Expect(page.Locator("#flash")).ToContainTextAsync("updated");
        await Expect(page.Locator("#forum-form")).ToBeHiddenAsync();

        var topic = await Eventually.GetAsync(
            async () => (await host.GitHub.Host.CreateClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/_dev/discourse/topics"))!
                .FirstOrDefault(t => (string?)t!["external_id"] == $"support-{reference.ToLowerInvariant()}"),
            "the topic on the forum's stand-in");
        Assert.Equal("Dark theme for the support console", (string?)topic!["title"]);
        var url = $"http://localhost/_dev/discourse/t/{(string?)topic["slug"]}/{(int)topic["id"]!}";

        await Eventually.GetAsync(async () => (string?)(await Api.TicketAsync(staff, reference))?["forum"]?["status"] == "posted" ? "posted" : null, "the ticket to record its topic");
        await page.ReloadAsync();
        await Expect(page.Locator("#forum-state")).ToHaveTextAsync("Forum: Dark theme for the support console");
        await Expect(page.Locator("#forum-state a")).ToHaveAttributeAsync("href", url);
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Posted as forum topic {url}.");
        await page.ClickAsync("#github-draft");
        await Expect(page.Locator("#reply-body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(url)));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a feature request on the forum");
        await BrowserHost.ScreenshotAsync(page, "console-forum-posted");
    }

    [Fact]
    public async Task The_local_delivery_helper_signs_a_payload_file_with_the_local_secret_and_the_running_host_records_it()
    {
        var reference = await StaffTickets.CreateAsync(host.GitHub.Host.Services, assignee: "outsider");
        var staff = host.GitHub.Host.CreateStaffClient();
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var log = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/github") { Content = System.Net.Http.Json.JsonContent.Create(new { repository = GitHubHostFixture.Repository }) };
        log.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        await staff.SendAsync(log);
        var number = (int)(await host.GitHub.LinkedAsync(reference))["github"]!["number"]!;

        var payload = Path.Combine(Path.GetTempPath(), $"github-delivery-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(payload, GitHubDeliveries.IssuesEvent("labeled", GitHubHostFixture.Repository, number, label: "needs-repro").ToJsonString());
        using var output = new StringWriter();
        try
        {
            Assert.Equal(0, await LocalCommands.SendGitHubDeliveryAsync("issues", payload, host.BaseUrl, output));
        }
        finally
        {
            File.Delete(payload);
        }

        Assert.StartsWith("200 ", output.ToString(), StringComparison.Ordinal);
        var ticket = await Api.TicketWithEventAsync(staff, reference, "github-activity");
        Assert.Contains(ticket["timeline"]!.AsArray(), e => (string?)e!["details"]?["label"] == "needs-repro");
    }
}
