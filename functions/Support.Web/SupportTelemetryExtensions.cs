using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Support.Core.Telemetry;

namespace Support.Web;

public static class SupportTelemetryExtensions
{
    /// <summary>
    /// The traces and metrics both hosts export: outgoing HTTP (SendGrid, Twilio, GitHub), the Azure
    /// SDK's storage and Service Bus spans, and the app's own meter. Each host adds its exporter.
    /// </summary>
    public static OpenTelemetryBuilder AddSupportTelemetry(this IServiceCollection services)
    {
        // The Azure SDK publishes its spans on ActivitySources only when asked.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        return services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource([.. SupportTelemetry.Sources]).AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(SupportMetrics.MeterName));
    }
}
