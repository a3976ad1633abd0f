using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A customer books a session in Chromium, with and without JavaScript, and axe-core finds no serious barrier on the way.</summary>
public sealed class BookingJourney(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task With_javascript_the_page_takes_the_browsers_zone_and_books_an_onboarding_session()
    {
        await using var browser = await host.NewBrowserAsync(timeZone: "America/Los_Angeles");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api/book");

        // The script chose the browser's zone and reloaded with it; the button for doing so by hand is gone.
        await Expect(page.Locator("#f-tz")).ToHaveValueAsync("America/Los_Angeles");
        await Expect(page.Locator("legend", new() { HasText = "Free times (America/Los_Angeles)" })).ToBeVisibleAsync();
        await Expect(page.Locator("#show-times")).ToBeHiddenAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "booking page (script)");

        // Choosing a kind shows its times at once.
        await page.Locator("label[for=f-kind-onboarding]").ClickAsync();
        await Expect(page.Locator("#f-kind-onboarding")).ToBeCheckedAsync();
        await page.Locator("input[name=start]").First.CheckAsync();
        await page.FillAsync("#f-name", "Grace Hopper");
        await page.FillAsync("#f-email", Api.UniqueEmail("grace"));
        await page.FillAsync("#f-phone", "+1 415 555 0100");
        await page.FillAsync("#f-note", "Importing our catalogue.");
        await BrowserHost.ScreenshotAsync(page, "booking-js-form");
        await page.ClickAsync("#book-form button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Booked");
        await Expect(page.Locator("#when")).ToContainTextAsync("(America/Los_Angeles)");
        await Expect(page.Locator("#reference")).ToContainTextAsync("SUP-");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "booking confirmation");
        await BrowserHost.ScreenshotAsync(page, "booking-js-confirmation");
    }

    [Fact]
    public async Task Without_javascript_the_zone_is_a_select_the_errors_are_a_page_and_the_booking_goes_through()
    {
        await using var browser = await host.NewBrowserAsync(javaScript: false, timeZone: "Asia/Tokyo");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/api/book?kind=phone");

        await page.SelectOptionAsync("#f-tz", "Asia/Tokyo");
        await page.ClickAsync("#show-times");
        await Expect(page.Locator("legend", new() { HasText = "Free times (Asia/Tokyo)" })).ToBeVisibleAsync();
        Assert.Contains("tz=Asia%2FTokyo", page.Url, StringComparison.Ordinal);
        await AssertAccessibleWithoutScriptAsync(page, "booking page (no script)");

        // Nothing chosen or filled in: the server answers with the form again, each problem named.
        await page.ClickAsync("#book-form button[type=submit]");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose a time.");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the number we should call.");
        await Expect(page.Locator("#f-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleWithoutScriptAsync(page, "booking errors (no script)");
        await BrowserHost.ScreenshotAsync(page, "booking-nojs-errors");

        await page.Locator("input[name=start]").First.CheckAsync();
        await page.FillAsync("#f-name", "Ada Lovelace");
        await page.FillAsync("#f-email", Api.UniqueEmail("ada"));
        await page.FillAsync("#f-phone", "+44 20 7946 0958");
        await page.ClickAsync("#book-form button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Booked");
        await Expect(page.Locator("#when")).ToContainTextAsync("(Asia/Tokyo)");
        await Expect(page.Locator("#confirmation")).ToContainTextAsync("will call you on +442079460958");
        await BrowserHost.ScreenshotAsync(page, "booking-nojs-confirmation");
    }

    /// <summary>
    /// axe-core runs as script, which a browser without JavaScript does not run: the page as that browser got it (its
    /// own script taken out, so nothing changes it) is checked in a second browser that runs axe.
    /// </summary>
    private async Task AssertAccessibleWithoutScriptAsync(IPage page, string view)
    {
        var html = System.Text.RegularExpressions.Regex.Replace(await page.ContentAsync(), "<script>.*?</script>", string.Empty, System.Text.RegularExpressions.RegexOptions.Singleline);
        await using var checker = await host.NewBrowserAsync();
        var copy = await checker.NewPageAsync();
        await copy.SetContentAsync(html);
        await Accessibility.AssertNoSeriousViolationsAsync(copy, view);
    }
}
