using Support.Local.Azurite;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Xunit;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// The local host on a real Kestrel port (a browser cannot reach the in-memory test server), against
/// the test Azurite, and Debian's Chromium driven by Playwright. The browser is never downloaded:
/// when <see cref="ChromiumPath"/> is missing it is installed from apt (as root) or the run fails.
/// </summary>
public sealed class BrowserHost(AzuriteFixture env) : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    internal static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private WebApplication? _app;
    private Browsers? _browsers;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The shared test host and its Azurite: its workers take what this host queues.</summary>
    public AzuriteFixture Env => env;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The host is not running.");

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        var port = Loopback.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _app = LocalHost.Build(
            [
                "--urls", BaseUrl,
                $"--Storage={env.ConnectionString}",
                $"--IntegrationKeys:{LocalHostFactory.IntegrationKeyName}={LocalHostFactory.IntegrationKey}",
                "--Local:StartAzurite=false",
                "--Slack:BotToken=",
                "--WebForm:RateLimitPerMinute=100000",
                $"--Twilio:AuthToken={Voice.VoiceHostFixture.AuthToken}",
                $"--PublicBaseUrl={Voice.VoiceHostFixture.PublicBaseUrl}",
            ],
            builder =>
            {
                // The shared test host already prepared storage and runs the queues; this one only serves pages and the API.
                foreach (var worker in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("Support.Local", StringComparison.Ordinal) == true).ToList())
                {
                    builder.Services.Remove(worker);
                }
            });
        await _app.StartAsync();
        _browsers = await Browsers.StartAsync();
    }

    /// <summary>A new browser with a fresh profile of its own.</summary>
    /// <param name="timeZone">The IANA zone the browser reports (the booking page picks it up); the machine's when null.</param>
    public Task<IBrowserContext> NewBrowserAsync(bool javaScript = true, string? timeZone = null) => _browsers!.OpenAsync(BaseUrl, javaScript, timeZone);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

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
    }

    internal static async Task EnsureChromiumAsync()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing and this run is not root, so it cannot be installed: run 'apt-get install -y chromium' (the browser tests never download a browser).");
        }

        using var install = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = install.StandardOutput.ReadToEndAsync();
        var error = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync();
        if (install.ExitCode != 0 || !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Installing chromium with apt-get failed (exit {install.ExitCode}): {await error}{await output}");
        }
    }
}
