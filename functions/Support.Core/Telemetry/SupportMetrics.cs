using System.Diagnostics.Metrics;

namespace Support.Core.Telemetry;

/// <summary>
/// The pipeline's own figures, on the meter the hosts export (Azure Monitor in the Functions app,
/// the console locally when asked): the workbook and the SLA alert in <c>infra/</c> query these
/// names. Tags are channels and target names, never a person or an address.
/// </summary>
public static class SupportMetrics
{
    public const string MeterName = "Support";

    public const string InquiriesAccepted = "support.inquiries.accepted";
    public const string TriageToAssigned = "support.triage_to_assigned";
    public const string SlaBreaches = "support.sla.breaches";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>(InquiriesAccepted, description: "Inquiries accepted, by channel.");

    private static readonly Histogram<double> ToAssigned = Meter.CreateHistogram<double>(TriageToAssigned, unit: "s", description: "From an inquiry's arrival to its ticket's first assignment.");

    private static readonly Counter<long> Breaches = Meter.CreateCounter<long>(SlaBreaches, description: "SLA targets breached, by target.");

    public static void Accept(string channel) => Accepted.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public static void Assigned(TimeSpan sinceArrival) => ToAssigned.Record(Math.Max(0, sinceArrival.TotalSeconds));

    public static void Breached(string target) => Breaches.Add(1, new KeyValuePair<string, object?>("target", target));
}
