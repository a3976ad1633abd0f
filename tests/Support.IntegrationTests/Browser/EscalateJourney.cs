using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A first-level person escalates a ticket to technical support with one click in the console.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task First_level_escalates_a_ticket_to_the_technical_person_on_duty_from_the_console()
    {
        var reference = await StaffTickets.CreateAsync(host.Env.Host.Services, assignee: "amira", subject: "Export to CSV fails for every report");
        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser, "amira");

        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await page.FillAsync("#escalate-why", "the export fails in the database layer");
        await page.ClickAsync("#escalate");
        await Expect(page.Locator("#flash")).ToContainTextAsync("updated");

        var staff = host.Env.Host.CreateStaffClient();
        var ticket = (await Api.TicketAsync(staff, reference))!;
        var roster = (await staff.GetFromJsonAsync<JsonObject>("/api/roster"))!;
        var technical = roster["people"]!.AsArray().Single(p => (string?)p!["id"] == (string?)ticket["assignee"])!;
        Assert.Contains("technical", technical["roles"]!.AsArray().Select(r => (string?)r));
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Escalated to {(string?)technical["name"]} by Amira Okafor, was Amira Okafor (the export fails in the database layer).");
        await Expect(page.Locator("#escalate-why")).ToHaveValueAsync(string.Empty);
        await BrowserHost.ScreenshotAsync(page, "console-escalated");
    }
}
