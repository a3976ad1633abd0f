using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A manager writes a canned reply once; staff answer with it, filled in for each customer, and the customer reads it signed.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_manager_writes_a_canned_reply_and_staff_answer_a_customer_with_it_filled_in_and_signed()
    {
        var customer = Api.UniqueEmail("ines");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(host.Env.Host.CreateClient(),
            new { name = "Inès Moreau", email = customer, subject = "Password reset mail never arrives", message = "I asked three times for the reset mail." }));
        await Api.TicketWithEventAsync(host.Env.Host.CreateStaffClient(), reference, "acknowledged");
        var title = "Reset mail " + Guid.NewGuid().ToString("N")[..6];

        await using var browser = await host.NewBrowserAsync();
        // Liam is a manager (editing canned replies needs the role) and answers tickets too.
        var page = await SignInToConsoleAsync(browser, "liam");
        await page.ClickAsync("[data-queue=macros]");
        await Expect(page.Locator("#macros-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#placeholders")).ToContainTextAsync("{{customer.first_name}}");
        await page.ClickAsync("#macro-add");
        var editor = page.Locator("#macro-list > li").Last;
        await editor.Locator("[name=title]").FillAsync(title);
        await editor.Locator("[name=body]").FillAsync("Hello {{customer.first_name}},\n\nI have sent a new reset mail for {{ticket.reference}}; it can take ten minutes and may land in spam.");
        await editor.Locator("[name=status]").SelectOptionAsync("pending");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the canned replies");
        await page.ClickAsync("#macros-form button[type=submit]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("Canned replies saved:");
        Assert.Equal("liam", Assert.Single((await host.Env.Host.CreateStaffClient().GetAsync("/api/macros")).Headers.GetValues("x-saved-by")));

        // A placeholder that does not exist is refused with the ones that do.
        await editor.Locator("[name=body]").FillAsync("Hello {{customer.firstname}}");
        await page.ClickAsync("#macros-form button[type=submit]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("{{customer.firstname}} is not a placeholder. Use one of: {{customer.first_name}}");

        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await page.SelectOptionAsync("#reply-macro", new SelectOptionValue { Label = title });
        await Expect(page.Locator("#reply-body")).ToHaveValueAsync($"Hello Inès,\n\nI have sent a new reset mail for {reference}; it can take ten minutes and may land in spam.");
        await Expect(page.Locator("#reply-body")).ToBeFocusedAsync();
        await Expect(page.Locator("#reply-status")).ToHaveValueAsync("pending");
        await BrowserHost.ScreenshotAsync(page, "workspace-macro");
        await page.ClickAsync("#reply-form button[type=submit]");
        await Expect(page.Locator("#conversation li.out")).ToContainTextAsync("I have sent a new reset mail for " + reference);

        var client = host.Env.Host.CreateClient();
        var mail = await Eventually.GetAsync(
            async () => (await Api.MailsToAsync(client, customer)).FirstOrDefault(m => m["text"]!.GetValue<string>().Contains("new reset mail", StringComparison.Ordinal)),
            "the reply mail");
        Assert.StartsWith("Hello Inès,", mail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("Liam Walsh", mail["text"]!.GetValue<string>().TrimEnd(), StringComparison.Ordinal);
    }
}
