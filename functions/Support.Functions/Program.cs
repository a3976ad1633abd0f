using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Support.Adapters;
using Support.Core;
using Support.Core.Mail;
using Support.Core.Triage;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Email;
using Support.Web.Voice;

// Logs go through the Functions host to Application Insights (host.json sets levels and sampling):
// the worker's own Application Insights package is not among the packages this project can restore.
var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers take HttpRequest and answer with the shared endpoints' results.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<GateMiddleware>();

// Support.Local's LocalHost.ConfigureServices without its local pieces (Azurite, storage queues,
// the dev mailbox, queue pumps, timers): Service Bus carries the queues and mail goes to SendGrid's API.
builder.Services.AddSupportCore();
builder.Services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
builder.Services.Configure<SiteOptions>(builder.Configuration);
builder.Services.Configure<TriageOptions>(builder.Configuration.GetSection(TriageOptions.Section));
builder.Services.AddSupportAdapters(builder.Configuration);
builder.Services.AddSupportTimers(builder.Configuration);
builder.Services.AddServiceBusQueues(builder.Configuration);
builder.Services.AddSupportWeb();
builder.Services.AddVoice(builder.Configuration);
builder.Services.AddEmailChannel(builder.Configuration);

builder.Services.AddSingleton<QueueSettlement>();
builder.Services.AddSingleton<ScheduledJobs>();
builder.Services.AddSingleton(sp => new FunctionCatalogue(typeof(Program).Assembly, sp.GetRequiredService<ScheduledJobs>()));

var app = builder.Build();

// Checks every function's wiring now, so a mistake stops the app before it takes any request or message.
app.Services.GetRequiredService<FunctionCatalogue>();
app.Run();
