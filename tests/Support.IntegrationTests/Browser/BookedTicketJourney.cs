using System.Net;
using Microsoft.Playwright;
using Support.IntegrationTests.Bookings;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// A customer books a phone call without a ticket; the support person who gives it signs in, finds the session in Today
/// and opens its ticket: theirs, filed by what the customer wrote, not as the emergency the booking's words read as.
/// A host of its own (sessions booked here would change what <see cref="TodayJourney"/> counts).
/// </summary>
public sealed class BookedTicketJourney(TodayBrowserHost host) : IClassFixture<TodayBrowserHost>
{
    [Fact]
    public async Task The_giver_finds_the_ticket_a_phone_booking_opened_assigned_to_them_and_triaged_on_the_customers_note()
    {
        using var client = host.Client();
        var start = BookingSite.Times(await client.GetStringAsync("/api/book?kind=phone&tz=Europe/London"))[0];
        var form = BookingSite.Form("phone", start, Api.UniqueEmail("ada"));
        form["note"] = "How do I add a colleague to our account?";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/book") { Content = new FormUrlEncodedContent(form) };
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;

        // Amira (London) gives Monday's first phone call; the sign-in lands her on Today.
        await using var browser = await host.NewBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/.auth/login/dev?user=amira&post_login_redirect_uri=%2Fconsole%23queue%2Ftoday");
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("amira");
        await Expect(page.Locator("#today-title")).ToBeVisibleAsync();
        var session = page.Locator("#sessions > li");
        await Expect(session).ToHaveCountAsync(1);

        // Triage opens the ticket on its own worker: it is there once Amira has been told it is hers.
        await Eventually.GetAsync(
            async () => (await Api.MailsToAsync(client, "amira.okafor@example.com"))
                .FirstOrDefault(m => m["text"]!.GetValue<string>().Contains($"{reference} is yours", StringComparison.Ordinal)),
            $"the assignee notice of {reference}");
        await page.ClickAsync($"#sessions a[href='#ticket/{reference}']");
        await Expect(page.Locator("#ticket-title")).ToHaveTextAsync($"{reference}: Phone support booked");
        var meta = page.Locator("#ticket-meta");
        await Expect(meta).ToContainTextAsync("SeverityS3");
        await Expect(meta).ToContainTextAsync("Categoryquestion");
        await Expect(meta).ToContainTextAsync("AssigneeAmira Okafor");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Assigned to Amira Okafor (gives the booked phone session).");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("A mail was not sent: the booking confirmation is the acknowledgement.");
        await Expect(page.Locator("#conversation")).ToContainTextAsync("Number to call: +442079460958");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "A booking's ticket");
        await BrowserHost.ScreenshotAsync(page, "console-booked-ticket");
    }
}
