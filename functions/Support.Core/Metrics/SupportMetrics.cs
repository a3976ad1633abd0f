using Support.Core.Domain;

namespace Support.Core.Metrics;

/// <summary>Count and percentiles of a duration, in minutes; null percentiles when nothing was measured.</summary>
public sealed record DurationStats(int Count, double? P50Minutes, double? P90Minutes);

/// <summary>How one SLA target fared for one severity: met, breached, and the share met of those decided.</summary>
public sealed record SlaCompliance(string Severity, string Target, int Met, int Breached, double? Rate);

/// <summary>The support KPIs over the tickets created in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record SupportMetricsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset ComputedAt,
    int Tickets,
    DurationStats FirstResponse,
    DurationStats Resolution,
    IReadOnlyList<SlaCompliance> SlaCompliance,
    int Backlog,
    double? OldestOpenAgeMinutes,
    string? OldestOpenReference,
    double? EscalationRate,
    double? FirstContactResolutionRate,
    IReadOnlyDictionary<string, int> VolumeByChannel,
    IReadOnlyList<int> VolumeByHourUtc);

/// <summary>
/// Computes the KPIs from tickets and their timelines. Definitions, so the figures can be trusted:
/// first response is the first staff reply after creation; resolution the first move to Solved or
/// Closed (duplicates merged away count in volume only); a ticket is escalated when it drew the
/// manager's attention or its severity was corrected upwards; first-contact resolution is a
/// resolved ticket with at most one staff reply and no further customer message; an SLA target
/// is met when met by its due time, breached when recorded so or overdue at computation time,
/// and undecided (left out of the rate) while running.
/// </summary>
public static class SupportMetrics
{
    /// <param name="created">Tickets created in the period, with their timelines.</param>
    /// <param name="backlog">Tickets waiting now (New, Open or Pending); timelines not needed.</param>
    public static SupportMetricsReport Compute(
        IReadOnlyCollection<Ticket> created,
        IReadOnlyCollection<Ticket> backlog,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset now)
    {
        var inPeriod = created.Where(t => t.CreatedAt >= from && t.CreatedAt < to).ToList();
        var worked = inPeriod.Where(t => t.MergedInto is null).ToList();
        var resolved = worked.Where(t => ResolvedAt(t) is not null).ToList();
        var open = backlog.Where(t => t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending).ToList();
        var oldest = open.MinBy(t => t.CreatedAt);

        var hours = new int[24];
        foreach (var ticket in inPeriod)
        {
            hours[ticket.CreatedAt.UtcDateTime.Hour]++;
        }

        return new SupportMetricsReport(
            from,
            to,
            now,
            inPeriod.Count,
            Stats(worked.Select(t => FirstResponseAt(t) - t.CreatedAt)),
            Stats(resolved.Select(t => ResolvedAt(t) - t.CreatedAt)),
            Compliance(worked, now),
            open.Count,
            oldest is null ? null : Math.Round((now - oldest.CreatedAt).TotalMinutes, 1),
            oldest?.Reference,
            Rate(worked.Count(IsEscalated), worked.Count),
            Rate(resolved.Count(IsFirstContactResolution), resolved.Count),
            Enum.GetValues<Channel>().ToDictionary(WireNames.Of, c => inPeriod.Count(t => t.Channel == c), StringComparer.Ordinal),
            hours);
    }

    /// <summary>Nearest-rank percentile of sorted values (p in 0..100).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static DateTimeOffset? FirstResponseAt(Ticket ticket) =>
        ticket.Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.StaffReply)?.At;

    public static DateTimeOffset? ResolvedAt(Ticket ticket) =>
        ticket.Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.StatusChanged
            && e.Details.GetValueOrDefault("to") is "solved" or "closed")?.At;

    public static bool IsEscalated(Ticket ticket) =>
        ticket.Timeline.Any(e => e.Type == TimelineEventTypes.ManagerAttention
            || (e.Type == TimelineEventTypes.Corrected && e.Details.GetValueOrDefault("field") == "severity"
                && WireNames.TryParse(e.Details.GetValueOrDefault("from"), out Severity before)
                && WireNames.TryParse(e.Details.GetValueOrDefault("to"), out Severity after)
                && after < before));

    public static bool IsFirstContactResolution(Ticket ticket) =>
        ticket.Timeline.Count(e => e.Type == TimelineEventTypes.StaffReply) <= 1
        && !ticket.Timeline.Any(e => e.Type == TimelineEventTypes.CustomerMessage);

    private static DurationStats Stats(IEnumerable<TimeSpan?> durations)
    {
        var minutes = durations.Where(d => d is not null).Select(d => Math.Max(0, d!.Value.TotalMinutes)).Order().ToList();
        return minutes.Count == 0
            ? new DurationStats(0, null, null)
            : new DurationStats(minutes.Count, Math.Round(Percentile(minutes, 50), 1), Math.Round(Percentile(minutes, 90), 1));
    }

    private static List<SlaCompliance> Compliance(IEnumerable<Ticket> tickets, DateTimeOffset now) =>
    [
        .. tickets
            .SelectMany(t => t.Sla.Select(target => (t.Severity, target.Target, Outcome: Outcome(target, now))))
            .GroupBy(x => (x.Severity, x.Target))
            .OrderBy(g => g.Key.Severity).ThenBy(g => g.Key.Target, StringComparer.Ordinal)
            .Select(g =>
            {
                var met = g.Count(x => x.Outcome == true);
                var breached = g.Count(x => x.Outcome == false);
                return new SlaCompliance(WireNames.Of(g.Key.Severity), g.Key.Target, met, breached, Rate(met, met + breached));
            }),
    ];

    /// <summary>True met, false breached, null still running.</summary>
    private static bool? Outcome(SlaTargetState target, DateTimeOffset now) => target switch
    {
        { BreachedAt: not null } => false,
        { MetAt: { } met, Due: { } due } => met <= due,
        { MetAt: not null } => true,
        { Due: { } due } when due < now => false,
        _ => null,
    };

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
