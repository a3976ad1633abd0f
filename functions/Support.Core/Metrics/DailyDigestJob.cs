using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Scheduling;

namespace Support.Core.Metrics;

/// <summary>
/// Each morning, the on-duty manager gets the KPIs of the last 24 hours and the tickets at risk
/// (waiting on us with an SLA target due within the next day, or overdue). Sent at most once per
/// UTC day: the day is claimed in <see cref="IDigestLog"/> before sending and released if the send fails.
/// First, once a day being cheap enough, it deletes the acknowledgement cap's slots of windows a day old or
/// more (<see cref="IAcknowledgementTimes"/>), which nothing reads again.
/// </summary>
public sealed class DailyDigestJob(
    IRosterStore rosters,
    MetricsReader metrics,
    IDigestLog digests,
    IMailSender sender,
    MailComposer composer,
    IAcknowledgementTimes acknowledgements,
    TimeProvider time,
    ILogger<DailyDigestJob> logger) : IScheduledJob
{
    public static readonly TimeSpan AtRiskWithin = TimeSpan.FromHours(24);

    /// <summary>Acknowledgement windows that started this long ago are over (a window is an hour, configurable up to a day).</summary>
    public static readonly TimeSpan AcknowledgementsKeptFor = TimeSpan.FromDays(1);

    public string Name => "DailyDigest";

    public string ScheduleSetting => "DailyDigestSchedule";

    public string DefaultSchedule => "0 0 7 * * *";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await DeleteOldAcknowledgementsAsync(now, cancellationToken);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var roster = await rosters.GetAsync(cancellationToken);
        if (OnDuty.For(roster, SupportRole.Manager, now) is not { } manager)
        {
            logger.LogWarning("Daily digest for {Day} not sent: no manager rotation in the roster", day);
            return;
        }

        if (!await digests.TryClaimAsync(day, cancellationToken))
        {
            logger.LogInformation("Daily digest for {Day} already sent", day);
            return;
        }

        try
        {
            var report = await metrics.ReadAsync(now - TimeSpan.FromDays(1), now, cancellationToken);
            var atRisk = await AtRiskAsync(now, cancellationToken);
            var mail = Compose(day, new MailAddress(manager.Email, manager.Name), report, atRisk);
            var result = await sender.SendAsync(mail, cancellationToken);
            logger.LogInformation("Daily digest for {Day} to manager {Manager}: {Status}, {AtRisk} ticket(s) at risk", day, manager.Id, result.Status, atRisk.Count);
        }
        catch
        {
            await digests.ReleaseAsync(day, CancellationToken.None);
            throw;
        }
    }

    private async Task DeleteOldAcknowledgementsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await acknowledgements.DeleteBeforeAsync(now - AcknowledgementsKeptFor, cancellationToken);
            logger.LogInformation("Deleted {Count} acknowledgement slot(s) of past windows", deleted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The digest matters more; what is left goes with tomorrow's run.
            logger.LogWarning("Acknowledgement slots of past windows not deleted: {Error}", ex.Message);
        }
    }

    private async Task<List<Ticket>> AtRiskAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await metrics.AllAsync(new TicketQuery { SlaDueBefore = now + AtRiskWithin, PageSize = 200 }, cancellationToken);
        return [.. due.Where(t => TicketStatusMachine.IsWaitingOnUs(t.Status)).OrderBy(t => t.NextSlaDue)];
    }

    public OutgoingMail Compose(DateOnly day, MailAddress manager, SupportMetricsReport report, IReadOnlyList<Ticket> atRisk)
    {
        var lines = DigestLines(report);
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Support digest for {day:yyyy-MM-dd} (last 24 hours)").AppendLine();
        foreach (var (label, value) in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Tickets at risk ({atRisk.Count}):");
        foreach (var ticket in atRisk)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {ticket.Reference} [{WireNames.Of(ticket.Severity)}] {ticket.Subject} — due {MailComposer.FormatTime(ticket.NextSlaDue!.Value)}, {ticket.Assignee ?? "unassigned"} {composer.TicketLink(ticket.Reference)}");
        }

        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<h1>Support digest for {day:yyyy-MM-dd}</h1><p>Last 24 hours.</p><table>")
            .AppendJoin(string.Empty, lines.Select(l => $"<tr><th align=\"left\">{H(l.Label)}</th><td>{H(l.Value)}</td></tr>"))
            .Append(CultureInfo.InvariantCulture, $"</table><h2>Tickets at risk ({atRisk.Count})</h2><ul>")
            .AppendJoin(string.Empty, atRisk.Select(t => $"<li><a href=\"{H(composer.TicketLink(t.Reference))}\">{H(t.Reference)}</a> [{H(WireNames.Of(t.Severity))}] {H(t.Subject)} — due {H(MailComposer.FormatTime(t.NextSlaDue!.Value))}, {H(t.Assignee ?? "unassigned")}</li>"))
            .Append("</ul>");
        var messageId = composer.MessageIdFor("digest", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new OutgoingMail
        {
            From = composer.From,
            To = [manager],
            Subject = $"Support digest {day:yyyy-MM-dd}: {report.Tickets} new, backlog {report.Backlog}, {atRisk.Count} at risk",
            Text = text.ToString(),
            Html = html.ToString(),
            MessageId = messageId,
            Headers = new Dictionary<string, string>
            {
                ["Message-ID"] = $"<{messageId}>",
                ["Auto-Submitted"] = "auto-generated",
            },
        };
    }

    /// <summary>The figures as label/value lines, shared by the text and HTML parts.</summary>
    public static IReadOnlyList<(string Label, string Value)> DigestLines(SupportMetricsReport r)
    {
        static string Minutes(double? m) => m is { } v ? $"{v.ToString("0.#", CultureInfo.InvariantCulture)} min" : "n/a";
        static string Percent(double? rate) => rate is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";
        var lines = new List<(string, string)>
        {
            ("New tickets", r.Tickets.ToString(CultureInfo.InvariantCulture)),
            ("First response p50 / p90", $"{Minutes(r.FirstResponse.P50Minutes)} / {Minutes(r.FirstResponse.P90Minutes)}"),
            ("Resolution p50 / p90", $"{Minutes(r.Resolution.P50Minutes)} / {Minutes(r.Resolution.P90Minutes)}"),
            ("Backlog", r.Backlog.ToString(CultureInfo.InvariantCulture)),
            ("Oldest open ticket", r.OldestOpenReference is null ? "none" : $"{r.OldestOpenReference}, {Minutes(r.OldestOpenAgeMinutes)}"),
            ("Escalation rate", Percent(r.EscalationRate)),
            ("First-contact resolution", Percent(r.FirstContactResolutionRate)),
            ("Volume per channel", string.Join(", ", r.VolumeByChannel.Select(c => $"{c.Key} {c.Value}"))),
        };
        lines.AddRange(r.SlaCompliance.Select(s => ($"SLA {s.Severity} {s.Target}", $"{Percent(s.Rate)} ({s.Met} met, {s.Breached} breached)")));
        return lines;
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
