using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>Staff act on several tickets at once from a list, and are told which ones could not be changed and why.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Staff_select_tickets_in_a_list_assign_them_to_a_colleague_by_name_and_set_their_status_in_one_go()
    {
        var word = "Wombat" + Guid.NewGuid().ToString("N")[..6];
        var client = host.Env.Host.CreateClient();
        var staff = host.Env.Host.CreateStaffClient();
        var references = new List<string>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            var reference = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(Api.UniqueEmail("noa"), $"Sync {word} fails ({n})", $"Sync job {word} fails every night.")));
            await Api.TicketWithEventAsync(staff, reference, "assigned");
            references.Add(reference);
        }

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        await page.GotoAsync("/console#search/" + word.ToLowerInvariant());
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"Search: {word.ToLowerInvariant()} (3 found)");
        await Expect(page.Locator("#bulk-form")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select " + references[0] }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select " + references[1] }).CheckAsync();
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2 tickets selected.");
        await page.FillAsync("#bulk-assignee", "Chloe");
        await page.SelectOptionAsync("#bulk-status", "pending");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the list with tickets selected");
        await BrowserHost.ScreenshotAsync(page, "workspace-bulk-selected");
        await page.ClickAsync("#bulk-form button[type=submit]");

        await Expect(page.Locator("#flash")).ToHaveTextAsync("2 tickets assigned to Chloe Nguyen and set to pending.");
        foreach (var reference in references.Take(2))
        {
            var row = page.Locator("#list-rows tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = reference }) });
            await Expect(row.Locator(".assignee")).ToHaveTextAsync("Chloe Nguyen");
            var ticket = (await Api.TicketAsync(staff, reference))!;
            Assert.Equal(("chloe", "pending"), (ticket["assignee"]!.GetValue<string>(), ticket["status"]!.GetValue<string>()));
        }

        Assert.NotEqual("chloe", (await Api.TicketAsync(staff, references[2]))!["assignee"]!.GetValue<string>());
        await Expect(page.Locator("#bulk-form")).ToBeHiddenAsync();

        // A change the rules refuse for some tickets leaves those alone and names them with the reason.
        await page.CheckAsync("#pick-all");
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("3 tickets selected.");
        await page.SelectOptionAsync("#bulk-status", "solved");
        await page.ClickAsync("#bulk-form button[type=submit]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("tickets set to solved.");
        await BrowserHost.ScreenshotAsync(page, "workspace-bulk-done");
        foreach (var reference in references)
        {
            Assert.Equal("solved", (await Api.TicketAsync(staff, reference))!["status"]!.GetValue<string>());
        }

        await page.CheckAsync("#pick-all");
        await page.SelectOptionAsync("#bulk-status", "pending");
        await page.ClickAsync("#bulk-form button[type=submit]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("0 tickets set to pending. Not changed: ");
        await Expect(page.Locator("#flash")).ToContainTextAsync(references[0] + " (The change conflicts with the ticket's state. A ticket cannot move from solved to pending.");
        Assert.Equal("solved", (await Api.TicketAsync(staff, references[0]))!["status"]!.GetValue<string>());
    }
}
