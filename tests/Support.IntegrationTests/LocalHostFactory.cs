using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Support.IntegrationTests;

/// <summary>The local host, in process, on a test server, against the given storage.</summary>
public sealed class LocalHostFactory(string storageConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "integration-admin-key";

    public CapturingLoggerProvider Logs { get; } = new();

    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Storage"] = storageConnectionString,
                ["AdminApiKey"] = AdminKey,
                ["Local:StartAzurite"] = "false",
                ["Queues:VisibilityTimeoutSeconds"] = "5",
                ["Queues:MaxPollIntervalMilliseconds"] = "200",

                // The back-off starts at a second here (30 s by default); its schedule has its own test.
                ["Retry:FirstDelaySeconds"] = "1",

                // Every test client shares one address; the rate limit has its own test.
                ["WebForm:RateLimitPerMinute"] = "100000",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            config.AddInMemoryCollection(values);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (ConfigureTestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    public HttpClient CreateStaffClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", AdminKey);
        return client;
    }
}
