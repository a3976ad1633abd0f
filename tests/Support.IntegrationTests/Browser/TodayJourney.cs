using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Support.IntegrationTests.Bookings;
using Support.IntegrationTests.Reliability;
using Support.Local.Azurite;
using Support.Local.Hosting;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// The console on a real port against a storage of its own, with the clock in the test's hands (from
/// <see cref="BookingSite.Monday"/>): sessions are laid on the roster's hours from "now", and are marked once "now" is past
/// their start, whatever the day the tests run. Its own workers open the bookings' tickets.
/// </summary>
public sealed class TodayBrowserHost : IAsyncLifetime
{
    private OwnStorage? _storage;
    private WebApplication? _app;
    private Browsers? _browsers;

    public FakeTimeProvider Time { get; } = new(BookingSite.Monday);

    public string BaseUrl { get; private set; } = string.Empty;

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    public async ValueTask InitializeAsync()
    {
        _storage = await OwnStorage.StartAsync();
        BaseUrl = $"http://127.0.0.1:{Loopback.FreePort()}";
        _app = LocalHost.Build(
            [
                "--urls", BaseUrl,
                $"--Storage={_storage.ConnectionString}",
                "--Local:StartAzurite=false",
                "--Slack:BotToken=",
                "--WebForm:RateLimitPerMinute=100000",
            ],
            builder =>
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(Time);
                builder.Services.Remove(builder.Services.Single(d => d.ImplementationType == typeof(ScheduledJobRunner)));
            });
        await _app.StartAsync();
        _browsers = await Browsers.StartAsync();
    }

    public Task<IBrowserContext> NewBrowserAsync() => _browsers!.OpenAsync(BaseUrl);

    public async ValueTask DisposeAsync()
    {
        if (_browsers is not null)
        {
            await _browsers.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}

/// <summary>A support person opens Today in the console, calls the customer whose session has started, marks it done, and moves a later one.</summary>
public sealed class TodayJourney(TodayBrowserHost host) : IClassFixture<TodayBrowserHost>
{
    [Fact]
    public async Task Staff_see_todays_sessions_in_both_zones_mark_one_done_and_reschedule_another()
    {
        using var client = host.Client();
        var first = await BookAsync(client, "ada", "America/New_York");
        var second = await BookAsync(client, "grace", "Europe/London");
        Assert.True(first.Start < second.Start && second.Start.UtcDateTime.Date == BookingSite.Monday.UtcDateTime.Date, $"{first.Start:O} {second.Start:O}");

        // The first session has just started; the second is later today.
        host.Time.SetUtcNow(first.Start.AddMinutes(5));
        await using var browser = await host.NewBrowserAsync();
        var page = await ConsoleSignIn.SignInAsync(browser, "amira");
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("amira");

        await page.ClickAsync("[data-queue=today]");
        await Expect(page.Locator("#today-title")).ToBeFocusedAsync();
        var sessions = page.Locator("#sessions > li");
        await Expect(sessions).ToHaveCountAsync(2);
        var ada = sessions.Nth(0);
        await Expect(ada.Locator("h3")).ToHaveTextAsync("Monday 1 March 2027, 13:00–13:30 (Europe/London)");
        await Expect(ada).ToContainTextAsync("Customer's timeMonday 1 March 2027, 08:00–08:30 (America/New_York)");
        await Expect(ada).ToContainTextAsync("KindPhone support");
        await Expect(ada).ToContainTextAsync("CustomerAda Lovelace");
        await Expect(ada.Locator("a[href='tel:+442079460958']")).ToHaveTextAsync("+442079460958");
        await Expect(ada.Locator($"a[href='#ticket/{first.Reference}']")).ToHaveTextAsync(first.Reference);
        await Expect(page.Locator("[data-count=today]")).ToHaveTextAsync("(2)");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "Today");
        await BrowserHost.ScreenshotAsync(page, "console-today");

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark Ada Lovelace's session done" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync($"Ada Lovelace's session is marked done on {first.Reference}.");
        await Expect(sessions.Nth(0)).ToContainTextAsync("StatusDone");
        await Expect(sessions.Nth(0).Locator("button")).ToHaveCountAsync(0);

        // The later one moves to a free time offered on Amira's clock; its customer is mailed the new time.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reschedule Grace Hopper's session" }).ClickAsync();
        var choice = page.GetByLabel("New time for Grace Hopper's session");
        await Expect(choice).ToBeFocusedAsync();
        await Expect(choice.Locator("option").First).ToContainTextAsync("(Europe/London) with ");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "Today, rescheduling");
        var moveTo = await choice.Locator("option").Nth(1).GetAttributeAsync("value");
        await choice.SelectOptionAsync(moveTo!);
        await page.ClickAsync("form.reschedule button[type=submit]");
        await Expect(page.Locator("#flash")).ToContainTextAsync("Grace Hopper's session moved to ");
        var mails = await client.GetFromJsonAsync<JsonArray>("/_dev/mail");
        Assert.Contains(mails!, m => m!["to"]![0]!.GetValue<string>() == second.Email && m["subject"]!.GetValue<string>().StartsWith("Moved:", StringComparison.Ordinal));

        // The session's ticket is a click away.
        await page.ClickAsync($"#sessions a[href='#ticket/{first.Reference}']");
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(first.Reference);
        await Expect(page.Locator("#booking-link")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/api/book\\?kind=[a-z]+&ticket="));
    }

    /// <summary>Books Amira's first free phone call (today, from Monday's early morning) as a browser without script posts it.</summary>
    private static async Task<(DateTimeOffset Start, string Reference, string Email)> BookAsync(HttpClient client, string who, string zone)
    {
        var start = BookingSite.Times(await client.GetStringAsync("/api/book?kind=phone&tz=Europe/London"))[0];
        var email = Api.UniqueEmail(who);
        var form = BookingSite.Form("phone", start, email, zone);
        form["name"] = who == "ada" ? "Ada Lovelace" : "Grace Hopper";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/book") { Content = new FormUrlEncodedContent(form) };
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (start, System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value, email);
    }
}
