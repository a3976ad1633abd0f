using Support.Core.Domain;
using Support.Core.Calendars;

namespace Support.Core.Metrics;

/// <summary>Count and percentiles of a duration, in minutes; null percentiles when nothing was measured.</summary>
public sealed record DurationStats(int Count, double? P50Minutes, double? P90Minutes);

/// <summary>How one SLA target fared for one severity: met, breached, still running, and the share met of those decided.</summary>
public sealed record SlaCompliance(string Severity, string Target, int Met, int Breached, double? Rate, int Running);

/// <summary>The SLA targets decided on one day (UTC): met, breached, and the share met.</summary>
public sealed record SlaDay(DateOnly Date, int Met, int Breached, double? Rate);

/// <summary>How many of the period's tickets arrived while a region was open, and how many while it was closed.</summary>
public sealed record RegionHoursVolume(string Region, string TimeZone, int InBusinessHours, int OutsideBusinessHours);

/// <summary>One customer's number of tickets in the period; the key is their email address, or phone number when they only called.</summary>
public sealed record CustomerVolume(string Key, int Tickets);

/// <summary>How the period's tickets spread over customers: how many wrote, how many wrote more than once, and who wrote most.</summary>
public sealed record CustomerStats(int Customers, int Returning, double? CasesPerCustomer, IReadOnlyList<CustomerVolume> Most);

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
    IReadOnlyList<int> VolumeByHourUtc,
    IReadOnlyList<RegionHoursVolume> VolumeByRegionHours,
    CustomerStats CasesPerCustomer,
    IReadOnlyList<SlaDay> SlaTrend,
    int EngineeringHelp,
    double? EngineeringHelpRate,
    SessionStats Sessions);

/// <summary>Booked sessions marked by staff in the period (on the period's tickets): held, and customers who did not show.</summary>
public sealed record SessionStats(int Done, int NoShows);

/// <summary>
/// Computes the KPIs from tickets and their timelines. Definitions, so the figures can be trusted:
/// first response is the first staff reply after creation; resolution the first move to Solved or
/// Closed (duplicates merged away count in volume only); a ticket is escalated when it drew the
/// manager's attention or its severity was corrected upwards; first-contact resolution is a
/// resolved ticket with at most one staff reply and no further customer message; an SLA target
/// is met when met by its due time, breached when recorded so or overdue at computation time,
/// and running (counted, but left out of the rate) until then; the trend puts each decided target
/// on the day it was decided: met, or breached (a late one at its due time). A customer is one email address, or one phone number for callers
/// without one. Business hours are each voice region's own, holidays included. A case needed engineering's help when it
/// is logged in (or linked to) a GitHub issue; the aim is at most 10% of cases.
/// </summary>
public static class SupportMetrics
{
    public const int MostActiveCustomers = 5;

    /// <param name="created">Tickets created in the period, with their timelines.</param>
    /// <param name="backlog">Tickets waiting now (New, Open or Pending); timelines not needed.</param>
    /// <param name="regions">The regions whose business hours the volume is split by.</param>
    public static SupportMetricsReport Compute(
        IReadOnlyCollection<Ticket> created,
        IReadOnlyCollection<Ticket> backlog,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset now,
        IReadOnlyCollection<VoiceRegion>? regions = null)
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
            hours,
            [.. (regions ?? []).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => ByBusinessHours(r, inPeriod))],
            Customers(worked),
            Trend(worked, now),
            worked.Count(t => t.GitHub is not null),
            Rate(worked.Count(t => t.GitHub is not null), worked.Count),
            Sessions(inPeriod, from, to));
    }

    private static SessionStats Sessions(IReadOnlyList<Ticket> tickets, DateTimeOffset from, DateTimeOffset to)
    {
        var marks = tickets.SelectMany(t => t.Timeline).Where(e => e.At >= from && e.At < to).ToList();
        return new SessionStats(marks.Count(e => e.Type == Bookings.BookingDesk.SessionDone), marks.Count(e => e.Type == Bookings.BookingDesk.SessionNoShow));
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
                return new SlaCompliance(WireNames.Of(g.Key.Severity), g.Key.Target, met, breached, Rate(met, met + breached), g.Count(x => x.Outcome is null));
            }),
    ];

    private static List<SlaDay> Trend(IEnumerable<Ticket> tickets, DateTimeOffset now) =>
    [
        .. tickets
            .SelectMany(t => t.Sla)
            .Select(target => (DecidedAt: DecidedAt(target, now), Outcome: Outcome(target, now)))
            .Where(x => x.DecidedAt is not null && x.Outcome is not null)
            .GroupBy(x => DateOnly.FromDateTime(x.DecidedAt!.Value.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var met = g.Count(x => x.Outcome == true);
                var breached = g.Count(x => x.Outcome == false);
                return new SlaDay(g.Key, met, breached, Rate(met, met + breached));
            }),
    ];

    /// <summary>When a target was met or breached; an overdue one that nobody recorded, at its due time.</summary>
    private static DateTimeOffset? DecidedAt(SlaTargetState target, DateTimeOffset now) => target switch
    {
        { BreachedAt: { } breached } => breached,
        { MetAt: { } met, Due: { } due } => met <= due ? met : due,
        { MetAt: { } met } => met,
        { Due: { } due } when due < now => due,
        _ => null,
    };

    private static RegionHoursVolume ByBusinessHours(VoiceRegion region, IReadOnlyCollection<Ticket> tickets)
    {
        var open = tickets.Count(t => region.IsOpenAt(t.CreatedAt));
        return new RegionHoursVolume(region.Name, region.TimeZone, open, tickets.Count - open);
    }

    private static CustomerStats Customers(IReadOnlyCollection<Ticket> tickets)
    {
        var perCustomer = tickets
            .Select(t => t.Requester.Email ?? t.Requester.Phone)
            .Where(key => key is not null)
            .GroupBy(key => key!, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CustomerVolume(g.Key.ToLowerInvariant(), g.Count()))
            .ToList();
        return new CustomerStats(
            perCustomer.Count,
            perCustomer.Count(c => c.Tickets > 1),
            perCustomer.Count == 0 ? null : Math.Round(perCustomer.Average(c => c.Tickets), 2),
            [.. perCustomer.Where(c => c.Tickets > 1).OrderByDescending(c => c.Tickets).ThenBy(c => c.Key, StringComparer.Ordinal).Take(MostActiveCustomers)]);
    }

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
