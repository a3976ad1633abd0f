using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>The public form (with and without JavaScript) and the staff console, in Chromium.</summary>
public sealed partial class BrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private const string Me = "amira";

    [Fact]
    public async Task With_javascript_the_form_validates_inline_and_shows_the_reference_in_place()
    {
        await using var browser = await host.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#name-error")).ToHaveTextAsync("Please tell us your name.");
        await Expect(page.Locator("#status")).ToContainTextAsync("fields need attention");
        await Expect(page.Locator("#f-name")).ToBeFocusedAsync();
        await Expect(page.Locator("#f-email")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.FillAsync("#f-name", "Ada Lovelace");
        await page.FillAsync("#f-email", "ada-at-example");
        await page.Locator("#f-email").BlurAsync();
        await Expect(page.Locator("#email-error")).ToContainTextAsync("does not look like an email address");
        await page.FillAsync("#f-subject", "Invoice address");
        await page.FillAsync("#f-message", "How do I change the invoice address on our account?");
        await Expect(page.Locator("#status")).ToHaveTextAsync("One field needs attention.");
        await BrowserHost.ScreenshotAsync(page, "webform-js-errors");

        await page.FillAsync("#f-email", Api.UniqueEmail());
        await page.SelectOptionAsync("#f-severity", "S2");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#reference")).ToHaveTextAsync(ReferencePattern());
        await Expect(page.Locator("#status")).ToContainTextAsync("Your reference is SUP-");
        Assert.Equal(0, await page.Locator("#support-form").CountAsync());
        Assert.Equal(host.BaseUrl + "/", page.Url);
        await BrowserHost.ScreenshotAsync(page, "webform-js-confirmation");
    }

    [Fact]
    public async Task Without_javascript_the_form_posts_and_the_server_renders_errors_then_the_confirmation()
    {
        await using var browser = await host.NewBrowserAsync(javaScript: false);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserHost.ScreenshotAsync(page, "webform");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserHost.ScreenshotAsync(page, "webform-phone");

        await page.FillAsync("#f-name", "Grace <Hopper>");
        await page.FillAsync("#f-email", "not-an-address");
        await page.FillAsync("#f-subject", "Pricing for 20 seats");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#error-summary")).ToContainTextAsync("2 fields need attention");
        await Expect(page.Locator("#email-error")).ToContainTextAsync("does not look like an email address");
        await Expect(page.Locator("#message-error")).ToHaveTextAsync("Please describe what you need.");
        await Expect(page.Locator("#f-name")).ToHaveValueAsync("Grace <Hopper>");
        await Expect(page.Locator("#f-subject")).ToHaveValueAsync("Pricing for 20 seats");
        await BrowserHost.ScreenshotAsync(page, "webform-nojs-errors");

        await page.FillAsync("#f-email", Api.UniqueEmail("grace"));
        await page.FillAsync("#f-message", "Could you send a quote?");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#reference")).ToHaveTextAsync(ReferencePattern());
        await BrowserHost.ScreenshotAsync(page, "webform-nojs-confirmation");
    }

    [Fact]
    public async Task In_the_console_staff_take_a_ticket_reply_and_set_it_pending()
    {
        // Stored directly and unassigned: the pipeline would assign it at once. The note tries to inject markup.
        var reference = await StaffTickets.CreateAsync(host.Services, note: "<img src=x onerror=alert(1)>", channel: Channel.Email);
        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);

        await page.ClickAsync("[data-queue=unassigned]");
        await Expect(page.Locator("#list-title")).ToHaveTextAsync("Unassigned");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToBeVisibleAsync();
        await page.ClickAsync("[data-queue=open]");
        await Expect(page.Locator("#list-title")).ToHaveTextAsync("All open");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "console-queue");

        await page.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        await Expect(page.Locator("#conversation li.note")).ToContainTextAsync("<img src=x onerror=alert(1)>");

        await page.ClickAsync("#take");
        await Expect(page.Locator("#ticket-meta")).ToContainTextAsync("AssigneeAmira Okafor");

        await page.FillAsync("#reply-body", "Thanks, we are looking into it.");
        await page.SelectOptionAsync("#reply-status", string.Empty);
        await page.ClickAsync("#reply-form button[type=submit]");
        await Expect(page.Locator("#conversation li.out")).ToContainTextAsync("Thanks, we are looking into it.");

        await page.ClickAsync("[data-status=pending]");
        await Expect(page.Locator("#ticket-meta")).ToContainTextAsync("Statuspending");
        await BrowserHost.ScreenshotAsync(page, "console-ticket");

        var staff = host.Services.GetRequiredService<ITicketStore>();
        var saved = await staff.GetAsync(reference, CancellationToken.None);
        Assert.Equal(TicketStatus.Pending, saved!.Status);
        Assert.Equal(Me, saved.Assignee);
        Assert.Contains(saved.Timeline, e => e.Type == TimelineEventTypes.StaffReply && e.Actor == Me);
        Assert.Contains(saved.Timeline, e => e.Type == TimelineEventTypes.StatusChanged && e.Actor == Me && e.Details["to"] == "pending");

        // The reply's mail is recorded on the ticket once it has left, which changes the ticket: wait for that and reload, as staff would.
        await Eventually.GetAsync(
            async () => (await staff.GetAsync(reference, CancellationToken.None))!.Timeline.Any(e => e.Type == "reply-sent") ? "sent" : null,
            "the reply mail to be recorded as sent");
        await page.ReloadAsync();
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);

        await page.ClickAsync("[data-status=closed]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("cannot move from pending to closed");

        // Someone else changes the ticket meanwhile: the console's next change is refused, reloaded and explained.
        await host.Services.GetRequiredService<TicketWriter>().UpdateAsync(reference, t =>
        {
            t.Ticket.RecordStaffMessage("oliver", Guid.NewGuid().ToString("N"), "Oliver was here", internalNote: true, null, DateTimeOffset.UtcNow);
            return true;
        }, CancellationToken.None);
        await page.ClickAsync("[data-status=solved]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("Someone else changed " + reference);
        await Expect(page.Locator("#conversation")).ToContainTextAsync("Oliver was here");
        Assert.Equal(TicketStatus.Pending, (await staff.GetAsync(reference, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_console_shows_the_kpis()
    {
        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);

        await page.ClickAsync("[data-queue=metrics]");

        await Expect(page.Locator("#kpis")).ToContainTextAsync("First response p50 / p90");
        await Expect(page.Locator("#hours")).ToContainTextAsync("23h");
        await BrowserHost.ScreenshotAsync(page, "console-kpis");
    }

    [Fact]
    public async Task A_person_signed_in_but_not_on_the_roster_is_told_why_and_sees_no_tickets()
    {
        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser, "stranger@example.com");

        await Expect(page.Locator("#flash")).ToContainTextAsync("not on the support roster");
        await Expect(page.Locator("#queues")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("Amira Okafor (amira)");

        await page.ClickAsync("#sign-out");
        await Expect(page.Locator("#dev-sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#queues")).ToBeHiddenAsync();
    }

    private static Task<IPage> SignInToConsoleAsync(IBrowserContext browser, string user = Me) => ConsoleSignIn.SignInAsync(browser, user);

    [GeneratedRegex("^SUP-[0-9A-Z]{6}$")]
    private static partial Regex ReferencePattern();
}
