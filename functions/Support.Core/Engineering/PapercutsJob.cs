using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Metrics;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Scheduling;

namespace Support.Core.Engineering;

/// <summary>
/// The papercuts of a period (<see cref="Papercuts"/>), read from the store: the tickets created in it with their
/// timelines, and the product each inquiry named. <c>GET /api/reports/papercuts</c> and the weekly mail both use it.
/// </summary>
public sealed class PapercutReader(MetricsReader metrics, ITicketStore store)
{
    public async Task<PapercutReport> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var candidates = new List<PapercutCandidate>();
        foreach (var ticket in await metrics.CreatedAsync(from, to, cancellationToken))
        {
            var product = ticket.Severity is Severity.S2 or Severity.S3 ? (await store.GetInquiryAsync(ticket.Reference, cancellationToken))?.Product : null;
            candidates.Add(new PapercutCandidate(ticket, product));
        }

        return Papercuts.Compute(candidates, from, to);
    }
}

/// <summary>
/// Every week (<c>PapercutsSchedule</c>, Mondays 08:00 UTC), the manager on duty gets the last seven days' top five
/// papercuts with example tickets and whether a GitHub issue or forum topic already exists, and the share of cases that
/// needed engineering's help. Sent once per week: the week is claimed in <see cref="IPapercutLog"/> before sending and
/// released if the send fails.
/// </summary>
public sealed class PapercutsJob(
    IRosterStore rosters,
    PapercutReader papercuts,
    IPapercutLog log,
    IMailSender sender,
    MailComposer composer,
    TimeProvider time,
    ILogger<PapercutsJob> logger) : IScheduledJob
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(7);

    public string Name => "WeeklyPapercuts";

    public string ScheduleSetting => "PapercutsSchedule";

    public string DefaultSchedule => "0 0 8 * * 1";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var roster = await rosters.GetAsync(cancellationToken);
        if (OnDuty.For(roster, SupportRole.Manager, now) is not { } manager)
        {
            logger.LogWarning("Papercuts for the week of {Monday} not sent: no manager rotation in the roster", monday);
            return;
        }

        if (!await log.TryClaimAsync(monday, cancellationToken))
        {
            logger.LogInformation("Papercuts for the week of {Monday} already sent", monday);
            return;
        }

        try
        {
            var report = await papercuts.ReadAsync(now - Period, now, cancellationToken);
            var result = await sender.SendAsync(Compose(monday, new MailAddress(manager.Email, manager.Name), report), cancellationToken);
            logger.LogInformation("Papercuts for the week of {Monday} to manager {Manager}: {Status}, {Themes} theme(s)", monday, manager.Id, result.Status, report.Themes.Count);
        }
        catch
        {
            await log.ReleaseAsync(monday, CancellationToken.None);
            throw;
        }
    }

    public OutgoingMail Compose(DateOnly monday, MailAddress manager, PapercutReport report)
    {
        var help = report.EngineeringHelpRate is { } rate ? $"{(rate * 100).ToString("0.#", CultureInfo.InvariantCulture)}% ({report.EngineeringHelp} cases; the aim is at most 10%)" : "n/a";
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Papercuts: {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}, {report.Tickets} S2/S3 tickets")
            .AppendLine(CultureInfo.InvariantCulture, $"Cases needing engineering's help: {help}")
            .AppendLine();
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<h1>Papercuts {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}</h1><p>{report.Tickets} S2/S3 tickets. Cases needing engineering's help: {H(help)}.</p><ol>");
        if (report.Themes.Count == 0)
        {
            text.AppendLine("No theme came up more than once.");
            html.Append("<li>No theme came up more than once.</li>");
        }

        var rank = 0;
        foreach (var theme in report.Themes)
        {
            var title = $"{theme.Category}{(theme.Product is null ? string.Empty : " / " + theme.Product)}: {string.Join(", ", theme.KeyPhrases)}";
            var facts = $"{theme.Tickets} tickets, {theme.Customers} customers, {theme.HandlingHours.ToString("0.#", CultureInfo.InvariantCulture)} h to handle on average";
            var tracked = theme.GitHubIssues.Count + theme.ForumTopics.Count == 0 ? "not tracked yet" : "tracked: " + string.Join(", ", theme.GitHubIssues.Concat(theme.ForumTopics));
            text.AppendLine(CultureInfo.InvariantCulture, $"{++rank}. {title} ({facts}; {tracked})");
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{H(title)}</strong> ({H(facts)}; {H(tracked)})<ul>");
            foreach (var example in theme.Examples)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   - {example.Reference} {example.Subject} ({example.Status}) {composer.TicketLink(example.Reference)}");
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{H(composer.TicketLink(example.Reference))}\">{H(example.Reference)}</a> {H(example.Subject)} ({H(example.Status)})</li>");
            }

            html.Append("</ul></li>");
        }

        html.Append("</ol>");
        var messageId = composer.MessageIdFor("papercuts", monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new OutgoingMail
        {
            From = composer.From,
            To = [manager],
            Subject = $"Papercuts for the week of {monday:yyyy-MM-dd}: {report.Themes.Count} to consider",
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

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
