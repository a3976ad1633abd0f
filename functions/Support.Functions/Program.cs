using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Support.Adapters;
using Support.Core;
using Support.Functions.Hosting;
using Support.Web;

var builder = FunctionsApplication.CreateBuilder(args);

// Logs go through the Functions host (host.json sets levels and sampling). Traces and metrics come from the
// worker: every invocation, its storage, Service Bus and HTTP calls (SendGrid, Twilio, GitHub) and the app's
// own meter, to Application Insights with the app's identity (the component accepts Entra-authenticated
// telemetry only). Without a connection string (func start on a laptop) nothing is exported.
var telemetry = builder.Services.AddSupportTelemetry().UseFunctionsWorkerDefaults();
if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString)
{
    var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = builder.Configuration["AZURE_CLIENT_ID"] });
    telemetry
        .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => (o.ConnectionString, o.Credential) = (connectionString, credential)))
        .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => (o.ConnectionString, o.Credential) = (connectionString, credential)));
}

// ASP.NET Core integration: HTTP triggers take HttpRequest and answer with the shared endpoints' results.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<SecurityHeadersMiddleware>();
builder.UseMiddleware<GateMiddleware>();
builder.UseMiddleware<StorageOutageMiddleware>();

// The same app as the local host; here Service Bus carries the queues and mail goes to SendGrid's API.
builder.Services
    .AddSupportCore(builder.Configuration)
    .AddSupportAdapters(builder.Configuration)
    .AddSupportWeb()
    .AddServiceBusQueues(builder.Configuration);

// No table or container is created here: infra/ declares them (storage.bicep), so a cold start makes no extra
// calls and does not fail while the identity's roles are still propagating.
builder.Services.AddSingleton<QueueSettlement>();
builder.Services.AddSingleton<ScheduledJobs>();
builder.Services.AddSingleton(sp => new FunctionCatalogue(typeof(Program).Assembly, sp.GetRequiredService<ScheduledJobs>()));

var app = builder.Build();

// Checks every function's wiring now, so a mistake stops the app before it takes any request or message.
app.Services.GetRequiredService<FunctionCatalogue>();
app.Run();
