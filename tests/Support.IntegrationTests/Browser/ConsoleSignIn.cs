using Microsoft.Playwright;

namespace Support.IntegrationTests.Browser;

/// <summary>Signs in the way a person does locally: the console's sign-in form, which goes through <c>/.auth/login/dev</c> and back.</summary>
public static class ConsoleSignIn
{
    /// <summary>A new page of <paramref name="browser"/> on the console, once it has said who signed in or why not.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext browser, string user)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/console");
        await page.FillAsync("#user", user);
        await page.ClickAsync("#dev-sign-in button[type=submit]");
        try
        {
            await page.WaitForURLAsync("**/console");
        }
        catch (TimeoutException ex)
        {
            // It has passed alone and failed in full runs: say where the browser was, to tell a refused sign-in from a stalled page.
            throw new TimeoutException($"Signing in as {user} did not come back to /console; the page is {page.Url}: {await page.InnerTextAsync("body", new() { Timeout = 5_000 })}", ex);
        }

        await page.WaitForFunctionAsync("() => !document.getElementById('signed-in').hidden || document.getElementById('flash').textContent.length > 0");
        return page;
    }
}
