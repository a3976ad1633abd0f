using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Support.IntegrationTests;

/// <summary>The local host, in process, on a test server, against the given storage.</summary>
public sealed class LocalHostFactory(string storageConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The integration key the tests call the staff API with, as <c>integration:tests</c>.</summary>
    public const string IntegrationKey = "integration-tests-key";
    public const string IntegrationKeyName = "tests";

    /// <summary>
    /// The test server has no network, so every request would come from no address; this header says which
    /// address a request comes from (loopback when absent, as a browser on the developer's machine).
    /// </summary>
    public const string RemoteAddressHeader = "x-test-remote-address";

    public CapturingLoggerProvider Logs { get; } = new();

    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Storage"] = storageConnectionString,
                [$"IntegrationKeys:{IntegrationKeyName}"] = IntegrationKey,
                ["Local:StartAzurite"] = "false",
                ["Queues:VisibilityTimeoutSeconds"] = "5",
                ["Queues:MaxPollIntervalMilliseconds"] = "200",

                // The back-off starts at a second here (30 s by default); its schedule has its own test.
                ["Retry:FirstDelaySeconds"] = "1",

                // Every test client shares one address; the rate limit has its own test.
                ["WebForm:RateLimitPerMinute"] = "100000",

                // Technical tickets stay out of GitHub unless a test asks (GitHubHostFixture): the engineering loop has its own host.
                ["GitHub:Owner"] = string.Empty,

                // Slack stays off (nothing queued or posted) unless a test asks (SlackHostFixture).
                ["Slack:BotToken"] = string.Empty,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            config.AddInMemoryCollection(values);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>());

        // The test server has no network: Octokit, the Discourse and the Slack clients reach the host's own stand-ins (/_dev/github/, /_dev/discourse/, /_dev/slack/) in process.
        builder.ConfigureServices(services => services.AddHttpClient(Support.Adapters.GitHub.OctokitIssueTracker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new InProcessHandler(this)));
        builder.ConfigureServices(services => services.AddHttpClient<Support.Core.Ports.IForum, Support.Adapters.Discourse.DiscourseForum>()
            .ConfigurePrimaryHttpMessageHandler(() => new InProcessHandler(this)));
        builder.ConfigureServices(services => services.AddHttpClient<Support.Core.Ports.ITeamChat, Support.Adapters.Slack.SlackClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new InProcessHandler(this)));
        if (ConfigureTestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    /// <summary>A machine with the integration key and no sign-in: it acts as <c>integration:tests</c>.</summary>
    public HttpClient CreateStaffClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", IntegrationKey);
        return client;
    }

    /// <summary>A browser signed in as <paramref name="user"/> (a roster id, or an address) through the local sign-in, sending the console's header as the console does.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string user)
    {
        var client = CreateClient();
        var login = await client.GetAsync($"/.auth/login/dev?user={Uri.EscapeDataString(user)}&post_login_redirect_uri=/console");
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Add("x-support-console", "1");
        return client;
    }

    /// <summary>Sends to the test server, reached only when a request is made: a client built while the host starts must not start it again.</summary>
    private sealed class InProcessHandler(LocalHostFactory factory) : HttpMessageHandler
    {
        private readonly Lazy<HttpMessageInvoker> _server = new(() => new HttpMessageInvoker(factory.Server.CreateHandler()));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _server.Value.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _server.IsValueCreated)
            {
                _server.Value.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                var presented = context.Request.Headers[RemoteAddressHeader].ToString();
                context.Connection.RemoteIpAddress = presented.Length > 0 ? IPAddress.Parse(presented) : IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}
