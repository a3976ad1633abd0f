using Azure.Storage.Queues;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Support.Adapters;
using Support.Adapters.SendGrid;
using Support.Core;
using Support.Local.DevMail;
using Support.Local.Hosting;
using Support.Local.Queues;
using Support.Local.Routes;
using Support.Local.SignIn;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Web.Identity;
using Support.Web;

if (args is ["triage-eval", .. var evalArgs])
{
    return TriageCommands.Eval(evalArgs);
}

if (args is ["triage-train", .. var trainArgs])
{
    return await TriageCommands.TrainAsync(trainArgs);
}

if (args is ["triage-duplicates", .. var duplicateArgs])
{
    return TriageCommands.Duplicates(duplicateArgs);
}

if (args is ["github-delivery", var gitHubEvent, var payloadFile, .. var deliveryArgs])
{
    return await LocalCommands.SendGitHubDeliveryAsync(gitHubEvent, payloadFile, deliveryArgs.FirstOrDefault() ?? LocalHost.DefaultUrl, Console.Out);
}

if (args is ["slack", var slackKind, var slackFile, .. var slackArgs])
{
    return await LocalCommands.SendSlackAsync(slackKind, slackFile, slackArgs.FirstOrDefault() ?? LocalHost.DefaultUrl, Console.Out);
}

if (args is ["replay", "--service-bus", var serviceBus, .. var deadLetterQueues])
{
    return await LocalCommands.ReplayServiceBusAsync(serviceBus, deadLetterQueues);
}

if (args is ["replay", .. var queues])
{
    return await LocalCommands.ReplayAsync(queues);
}

var app = LocalHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>The local host: the same handlers and routes as the Functions app, on one machine.</summary>
public static partial class LocalHost
{
    public const string DefaultUrl = "http://localhost:7071";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        // A local run is development unless told otherwise: the dev routes and the dev sign-in exist only there.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Development,
        });
        var root = RepoRoot.Find();
        builder.Configuration.AddLocalSettings(root);
        builder.Configuration.AddCommandLine(args);

        // Host filtering: a page served under another name (DNS rebinding) would let a web page reach this host's routes.
        if (string.IsNullOrEmpty(builder.Configuration["AllowedHosts"]))
        {
            builder.Configuration["AllowedHosts"] = "localhost;127.0.0.1;[::1]";
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        // Request logging writes full URLs, and a staff or webhook key may travel as ?code=…: keys never go to the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        ConfigureServices(builder.Services, builder.Configuration);

        // The same traces and metrics as in Azure, on the console when asked (Telemetry__Console=true).
        var telemetry = builder.Services.AddSupportTelemetry();
        if (builder.Configuration.GetValue<bool>("Telemetry:Console"))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        customize?.Invoke(builder);

        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    public static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalOptions>().Bind(configuration.GetSection(LocalOptions.Section));
        services.AddOptions<LocalQueueOptions>().Bind(configuration.GetSection(LocalQueueOptions.Section));
        services
            .AddSupportCore(configuration)
            .AddSupportAdapters(configuration)
            .AddSupportWeb()
            .AddStorageQueues();

        // Mail goes to the local mailbox through the real SendGrid client; nothing leaves the machine.
        services.PostConfigure<SendGridOptions>(o =>
        {
            o.ApiKey = "local-mailbox";
            o.Host = "http://sendgrid.local";
        });
        services.AddSingleton<DevMailbox>();
        services.AddSingleton<DevState>();
        services.AddSingleton<Support.Local.DevGitHub.DevGitHub>();
        services.AddSingleton<Support.Local.DevDiscourse.DevDiscourse>();
        services.AddSingleton<Support.Local.DevSlack.DevSlack>();

        // The local sign-in stands in for Easy Auth: its cookie names the person, protected by Data Protection.
        services.AddDataProtection();
        services.AddSingleton<DevSignIn>();
        services.Replace(ServiceDescriptor.Singleton<ISignInReader>(sp => sp.GetRequiredService<DevSignIn>()));
        services.AddHttpClient(Support.Adapters.ServiceCollectionExtensions.SendGridHttpClient)
            .ConfigurePrimaryHttpMessageHandler(sp => new DevSendGridHandler(sp.GetRequiredService<DevMailbox>()));

        services.AddSingleton<QueueSignal>();
        services.AddSingleton<Support.Adapters.Storage.IQueueSentListener>(sp => sp.GetRequiredService<QueueSignal>());

        // Order matters: storage must be up before the pumps and timers start.
        services.AddHostedService<StorageBootstrap>();
        services.AddHostedService<QueuePump>();
        services.AddHostedService<ScheduledJobRunner>();
    }

    public static void MapRoutes(WebApplication app)
    {
        // The same security headers as the Functions app's SecurityHeadersMiddleware, on every answer (no HSTS on plain-HTTP loopback).
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context.Response, strictTransport: false);
            return next(context);
        });

        // Every route answers a storage outage with 503, as the Functions app's StorageOutageMiddleware does.
        var routes = app.MapGroup(string.Empty).AddEndpointFilter<StorageOutageFilter>();
        routes.MapIntakeRoutes();
        routes.MapTicketRoutes();
        routes.MapEmailRoutes();
        routes.MapStaffRoutes();
        routes.MapSignupRoutes();
        routes.MapBookingRoutes();
        routes.MapSignInRoutes(app.Environment.IsDevelopment());
        if (app.Environment.IsDevelopment())
        {
            routes.MapDevRoutes();
        }

        routes.MapVoiceRoutes();
        routes.MapEngineeringRoutes();
        routes.MapChatRoutes();
        if (app.Environment.IsDevelopment())
        {
            routes.MapDevGitHubRoutes();
            routes.MapDevDiscourseRoutes();
            routes.MapDevSlackRoutes();
        }
    }
}

/// <summary>Command-line verbs of the local host besides running it.</summary>
public static class LocalCommands
{
    public static async Task<int> ReplayAsync(IReadOnlyList<string> queues)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddLocalSettings(RepoRoot.Find());
        builder.Services.AddSupportAdapters(builder.Configuration).AddStorageQueues();
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<QueueServiceClient>();
        return await PoisonReplay.RunAsync(client, queues, Console.Out, CancellationToken.None);
    }

    /// <summary>
    /// Posts <paramref name="payloadFile"/> to a running host's GitHub webhook as GitHub would: the event and a fresh
    /// delivery id in the headers, signed with the <c>GitHub__WebhookSecret</c> of local.settings.json.
    /// </summary>
    public static async Task<int> SendGitHubDeliveryAsync(string gitHubEvent, string payloadFile, string baseUrl, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings(RepoRoot.Find()).Build();
        var secret = configuration["GitHub:WebhookSecret"];
        if (string.IsNullOrEmpty(secret))
        {
            await output.WriteLineAsync("GitHub__WebhookSecret is not set in local.settings.json.");
            return 2;
        }

        var body = await File.ReadAllBytesAsync(payloadFile);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + Support.Web.Routes.Local(Support.Web.Routes.GitHubWebhook)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(Support.Web.Engineering.GitHubWebhookEndpoint.EventHeader, gitHubEvent);
        request.Headers.Add(Support.Web.Engineering.GitHubWebhookEndpoint.DeliveryHeader, Guid.NewGuid().ToString());
        request.Headers.Add(Support.Web.Engineering.GitHubWebhookSignature.Header, Support.Web.Engineering.GitHubWebhookSignature.Sign(secret, body));
        using var response = await http.SendAsync(request);
        await output.WriteLineAsync($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    /// <summary>
    /// Posts <paramref name="payloadFile"/> to a running host as Slack would, signed with the <c>Slack__SigningSecret</c> of
    /// local.settings.json at the current time: <c>event</c> sends the file as an Events API callback (JSON), <c>action</c>
    /// as an interaction (form field <c>payload</c>).
    /// </summary>
    public static async Task<int> SendSlackAsync(string kind, string payloadFile, string baseUrl, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings(RepoRoot.Find()).Build();
        var secret = configuration["Slack:SigningSecret"];
        if (string.IsNullOrEmpty(secret))
        {
            await output.WriteLineAsync("Slack__SigningSecret is not set in local.settings.json.");
            return 2;
        }

        var payload = await File.ReadAllTextAsync(payloadFile);
        (string Route, string ContentType, string Body)? send = kind switch
        {
            "event" => (Support.Web.Routes.SlackEvents, "application/json", payload),
            "action" => (Support.Web.Routes.SlackActions, "application/x-www-form-urlencoded", "payload=" + Uri.EscapeDataString(payload)),
            _ => null,
        };
        if (send is not { } chosen)
        {
            await output.WriteLineAsync("Usage: slack event|action <payload.json> [base url]");
            return 2;
        }

        var body = System.Text.Encoding.UTF8.GetBytes(chosen.Body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + Support.Web.Routes.Local(chosen.Route)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(chosen.ContentType);
        request.Headers.Add(Support.Web.Slack.SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(Support.Web.Slack.SlackSignature.Header, Support.Web.Slack.SlackSignature.Sign(secret, timestamp, body));
        using var response = await http.SendAsync(request);
        await output.WriteLineAsync($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    /// <summary>Replays the dead letters in Azure as whoever is signed in with <c>az login</c>.</summary>
    public static async Task<int> ReplayServiceBusAsync(string fullyQualifiedNamespace, IReadOnlyList<string> queues)
    {
        await using var client = new Azure.Messaging.ServiceBus.ServiceBusClient(fullyQualifiedNamespace, new Azure.Identity.AzureCliCredential());
        return await DeadLetterReplay.RunAsync(client, queues, Console.Out, CancellationToken.None);
    }
}
