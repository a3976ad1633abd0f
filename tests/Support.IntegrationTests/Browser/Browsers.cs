using Microsoft.Playwright;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, each window on a fresh profile of its own, the profiles removed when the
/// fixture that started it ends.
/// </summary>
public sealed class Browsers : IAsyncDisposable
{
    private readonly List<string> _profiles = [];
    private readonly IPlaywright _playwright;

    private Browsers(IPlaywright playwright) => _playwright = playwright;

    public static async Task<Browsers> StartAsync()
    {
        await BrowserHost.EnsureChromiumAsync();
        Directory.CreateDirectory(BrowserHost.ScreenshotFolder);
        Assertions.SetDefaultExpectTimeout(15_000);
        return new Browsers(await Playwright.CreateAsync());
    }

    /// <summary>A new browser with a fresh profile, its relative addresses resolved against <paramref name="baseUrl"/>.</summary>
    /// <param name="timeZone">The IANA zone the browser reports (the booking page picks it up); the machine's when null.</param>
    public async Task<IBrowserContext> OpenAsync(string baseUrl, bool javaScript = true, string? timeZone = null)
    {
        var profile = Path.Combine(Path.GetTempPath(), "support-chromium-" + Guid.NewGuid().ToString("N"));
        _profiles.Add(profile);
        var context = await _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = BrowserHost.ChromiumPath,
            Headless = true,
            Args = BrowserHost.LaunchArgs,
            JavaScriptEnabled = javaScript,
            TimezoneId = timeZone,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            BaseURL = baseUrl,
        });
        // The journeys run in parallel with their own hosts, Azurites and browsers on a 2-processor CI machine: a wait
        // ends as soon as what it waits for holds, so a longer limit costs only a failing run its time.
        context.SetDefaultTimeout(45_000);
        return context;
    }

    public ValueTask DisposeAsync()
    {
        _playwright.Dispose();
        foreach (var profile in _profiles.Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; the temp folder is cleaned eventually.
            }
        }

        return ValueTask.CompletedTask;
    }
}
