using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Support.Functions.Hosting;
using Support.Web;

// Logs go through the Functions host to Application Insights (host.json sets levels and sampling):
// the worker's own Application Insights package is not among the packages this project can restore.
var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers take HttpRequest and answer with the shared endpoints' results.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<GateMiddleware>();

// The same app as the local host (AddSupportApp); here Service Bus carries the queues and mail goes to SendGrid's API.
builder.Services.AddSupportApp(builder.Configuration);
builder.Services.AddServiceBusQueues(builder.Configuration);

// No table or container is created here: infra/ declares them (storage.bicep), so a cold start makes no extra
// calls and does not fail while the identity's roles are still propagating.
builder.Services.AddSingleton<QueueSettlement>();
builder.Services.AddSingleton<ScheduledJobs>();
builder.Services.AddSingleton(sp => new FunctionCatalogue(typeof(Program).Assembly, sp.GetRequiredService<ScheduledJobs>()));

var app = builder.Build();

// Checks every function's wiring now, so a mistake stops the app before it takes any request or message.
app.Services.GetRequiredService<FunctionCatalogue>();
app.Run();
