using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Support.Local.Azurite;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// The local host on a real port (a browser cannot reach the in-memory test server) serving only pages and the API,
/// against storage another host prepared and whose queues that host's workers run, and Chromium for the journeys.
/// </summary>
internal sealed class ConsoleBeside : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Browsers _browsers;

    private ConsoleBeside(WebApplication app, Browsers browsers, string baseUrl)
    {
        _app = app;
        _browsers = browsers;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">The host's own settings (<c>--Name=value</c>), after storage, the test integration key and no Azurite of its own.</param>
    public static async Task<ConsoleBeside> StartAsync(string storage, IEnumerable<string> settings)
    {
        var baseUrl = $"http://127.0.0.1:{Loopback.FreePort()}";
        var app = LocalHost.Build(
            [
                "--urls", baseUrl,
                $"--Storage={storage}",
                $"--IntegrationKeys:{LocalHostFactory.IntegrationKeyName}={LocalHostFactory.IntegrationKey}",
                "--Local:StartAzurite=false",
                .. settings,
            ],
            builder =>
            {
                foreach (var worker in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("Support.Local", StringComparison.Ordinal) == true).ToList())
                {
                    builder.Services.Remove(worker);
                }
            });
        await app.StartAsync();
        try
        {
            return new ConsoleBeside(app, await Browsers.StartAsync(), baseUrl);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new browser with a fresh profile of its own.</summary>
    /// <param name="timeZone">The IANA zone the browser reports (the booking page picks it up); the machine's when null.</param>
    public Task<IBrowserContext> NewBrowserAsync(bool javaScript = true, string? timeZone = null) => _browsers.OpenAsync(BaseUrl, javaScript, timeZone);

    public async ValueTask DisposeAsync()
    {
        await _browsers.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
