using System.Net;
using System.Net.Http.Json;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A manager reads the KPIs for the days they choose, with what each figure means and the trends as charts.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_manager_picks_the_days_reads_each_figures_definition_and_follows_the_oldest_open_ticket()
    {
        var staff = host.Env.Host.CreateStaffClient();
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var customer = Api.UniqueEmail("kim");
        var references = new List<string>();
        foreach (var subject in new[] { "Export fails", "Export still fails" })
        {
            var reference = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(customer, subject)));
            await Api.TicketWithEventAsync(staff, reference, "assigned");
            references.Add(reference);
        }

        // Answered at once: its first-response target is met today, so today's SLA trend has a bar.
        using (var reply = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{references[0]}/replies") { Content = JsonContent.Create(new { body = "Looking at it now." }) })
        {
            using var amira = await host.Env.Host.CreateSignedInClientAsync(Me);
            reply.Headers.TryAddWithoutValidation("If-Match", (await staff.GetAsync($"/api/tickets/{references[0]}")).Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.Accepted, (await amira.SendAsync(reply)).StatusCode);
        }

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await page.ClickAsync("[data-queue=metrics]");
        await Expect(page.Locator("#metrics-title")).ToContainTextAsync("KPIs, ");
        await page.FillAsync("#metrics-from", today);
        await page.FillAsync("#metrics-to", today);
        await page.ClickAsync("#metrics-range button[type=submit]");

        await Expect(page.Locator("#metrics-title")).ToHaveTextAsync($"KPIs, {today} to {today}");
        await Expect(page.Locator("#metrics-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#kpis")).ToContainTextAsync("Cases per customer");
        // The other journeys of this host wrote today too, so the list is whoever wrote most, as the figures say.
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var figures = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/metrics?from={today}&to={tomorrow}");
        var most = figures.GetProperty("casesPerCustomer").GetProperty("most").EnumerateArray()
            .Select(c => $"{c.GetProperty("key").GetString()}: {c.GetProperty("tickets").GetInt32()} tickets").ToArray();
        Assert.True(most.Length >= 1 && figures.GetProperty("casesPerCustomer").GetProperty("returning").GetInt32() >= 1);
        Assert.True(most.Contains(customer + ": 2 tickets") || most.Length == Support.Core.Metrics.SupportMetrics.MostActiveCustomers);
        await Expect(page.Locator("#returning li")).ToHaveTextAsync(most);
        await Expect(page.Locator("#kpis span[title]").First).ToHaveAttributeAsync("title", "Tickets created in the period, on every channel; merged duplicates included.");
        await Expect(page.Locator("#sla-rows")).ToContainTextAsync("first-response");
        Assert.Equal("Still running", await page.Locator("#sla-title + table thead th").Nth(4).TextContentAsync());
        Assert.Equal(24, await page.Locator("#hours-chart rect.bar").CountAsync());
        Assert.InRange((await page.Locator("#trend-chart").BoundingBoxAsync())!.Height, 50, 200);
        await Expect(page.Locator("#region-rows")).ToContainTextAsync("uk (Europe/London)");
        await Expect(page.Locator("#region-rows tr")).ToHaveCountAsync(3);
        await page.ClickAsync("#definitions summary");
        await Expect(page.Locator("#definition-list")).ToContainTextAsync("targets still running are counted but left out of the rate");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the KPIs");
        await BrowserHost.ScreenshotAsync(page, "console-kpis-range");

        // The address bar keeps the range, so a reload (or a shared link) shows the same days.
        Assert.EndsWith($"#queue/metrics?from={today}&to={today}", page.Url);
        await page.ReloadAsync();
        await Expect(page.Locator("#metrics-from")).ToHaveValueAsync(today);

        var oldest = page.Locator("#kpis a");
        var oldestReference = (await oldest.TextContentAsync())!;
        await oldest.ClickAsync();
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(oldestReference);

        // A range before anything happened says so instead of drawing empty charts.
        await page.GotoAsync("/console#queue/metrics?from=2020-01-01&to=2020-01-07");
        await Expect(page.Locator("#trend-caption")).ToHaveTextAsync("No SLA target was met or breached in this period.");
        await Expect(page.Locator("#trend-chart")).ToBeHiddenAsync();
        await Expect(page.Locator("#kpis div").First).ToContainTextAsync("New tickets0");
    }
}
