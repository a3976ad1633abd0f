using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Metrics;
using Support.Core.Ports;

namespace Support.Web.Staff;

/// <summary>The KPIs (<c>GET /api/metrics?from=&amp;to=</c>), the papercuts (<c>GET /api/reports/papercuts</c>) and the triage corrections kept for tuning (<c>GET /api/triage/corrections</c>).</summary>
public sealed class MetricsEndpoints(MetricsReader metrics, ICorrectionLog corrections, Support.Core.Engineering.PapercutReader papercuts, TimeProvider time)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);
    public const int MaxCorrections = 1000;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (from, to, invalid) = Period(request);
        return invalid ?? Results.Json(await metrics.ReadAsync(from, to, cancellationToken), WebJson.Default.SupportMetricsReport);
    }

    /// <summary><c>GET /api/reports/papercuts?from=&amp;to=</c>: the period's top five papercut themes (the last seven days by default).</summary>
    public async Task<IResult> PapercutsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (from, to, invalid) = Period(request);
        return invalid ?? Results.Json(await papercuts.ReadAsync(from, to, cancellationToken), WebJson.Default.PapercutReport);
    }

    private (DateTimeOffset From, DateTimeOffset To, IResult? Invalid) Period(HttpRequest request)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var to = ParseTime(request, "to", errors) ?? time.GetUtcNow();
        var from = ParseTime(request, "from", errors) ?? to - DefaultPeriod;
        if (errors.Count == 0 && (from >= to || to - from > MaxPeriod))
        {
            errors["from"] = $"from must be before to, and the period at most {MaxPeriod.TotalDays} days.";
        }

        return (from, to, errors.Count > 0 ? Problems.Validation(errors) : null);
    }

    public async Task<IResult> CorrectionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var since = ParseTime(request, "since", errors) ?? time.GetUtcNow().AddDays(-30);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return Results.Json(await corrections.ListAsync(since, MaxCorrections, cancellationToken), WebJson.Default.IReadOnlyListTriageCorrection);
    }

    private static DateTimeOffset? ParseTime(HttpRequest request, string name, Dictionary<string, string> errors)
    {
        var text = request.Query[name].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors[name] = $"{name} must be an ISO 8601 date or time (2026-01-31 or 2026-01-31T09:00:00Z).";
        return null;
    }
}
