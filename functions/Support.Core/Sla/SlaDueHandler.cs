using System.Globalization;
using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Sla;

/// <summary>
/// Acts on one ticket the SLA sweep found due, from the ticket itself (the index entry is only a
/// hint): warns the assignee at 75% of a target and 15 minutes before it, records a breach once
/// per target on the timeline, tells the assignee and the on-duty manager, and escalates an S1
/// breach to the next technical person. Breaches are recorded with an ETag-guarded save, and every
/// mail is claimed in the ticket's mail ledger before it is sent and recorded after, as in
/// <see cref="Notifications.MailOutbox"/>, so redelivery and concurrent runs act once.
/// </summary>
public sealed class SlaDueHandler(
    ITicketStore store,
    TicketWriter writer,
    IRosterStore rosters,
    IMailSender mail,
    SlaMailComposer composer,
    TimeProvider time,
    ILogger<SlaDueHandler> logger) : IQueueHandler
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    public string Queue => QueueNames.SlaDue;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.SlaDueMessage, SlaDueMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        await HandleAsync(message.Reference, cancellationToken);
        return MessageOutcome.Done;
    }

    public async Task HandleAsync(string reference, CancellationToken cancellationToken)
    {
        SupportTelemetry.Ticket(reference);
        var ticket = await store.LoadAsync(reference, cancellationToken);
        if (ticket is null)
        {
            logger.LogWarning("SLA entry for {Reference}, which does not exist; dropped", reference);
            return;
        }

        var roster = await rosters.GetAsync(cancellationToken);
        var claimId = Guid.NewGuid().ToString("N");
        List<WantedMail> wanted = [];
        List<string> breaches = [];
        ticket = await writer.UpdateAsync(ticket, t =>
        {
            var now = time.GetUtcNow();
            breaches = BreachesDue(t.Ticket, now);
            var changed = RecordBreaches(t.Ticket, roster, now);
            wanted = WantedMails(t.Ticket, t.Mail, roster, now);
            foreach (var want in wanted)
            {
                changed |= t.ClaimMail(want.Key, claimId, now, ClaimLease) == MailClaimResult.Claimed;
            }

            return changed;
        }, cancellationToken);

        // Counted once the breach is saved (the update may have run more than once against newer versions).
        breaches.ForEach(SupportMetrics.Breached);

        var mine = wanted.Where(w => ticket!.Mail.IsClaimedBy(w.Key, claimId)).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        var results = new List<(WantedMail Want, MailSendResult Result)>();
        foreach (var want in mine)
        {
            results.Add((want, await mail.SendAsync(want.Mail, cancellationToken)));
        }

        await writer.RecordAfterSendAsync(ticket!, t =>
        {
            var changed = false;
            foreach (var (want, result) in results)
            {
                if (!t.RecordOutcome(want.Key, want.EventType, want.To, want.Mail.MessageId, result, time.GetUtcNow()))
                {
                    continue;
                }

                if (result.Status != MailSendStatus.Sent)
                {
                    logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", t.Reference, want.Key, result.Reason);
                }

                changed = true;
            }

            return changed;
        }, ClaimLease / 2, cancellationToken);
    }

    private static List<string> BreachesDue(Ticket ticket, DateTimeOffset now) =>
        [.. ticket.Sla.Where(t => t is { Due: { } due, MetAt: null, BreachedAt: null } && due <= now).Select(t => t.Target)];

    /// <summary>Marks every running target past its due time as breached, once; an S1 breach moves the ticket on.</summary>
    private bool RecordBreaches(Ticket ticket, RosterDocument roster, DateTimeOffset now)
    {
        var breached = ticket.Sla.Where(t => t is { Due: { } due, MetAt: null, BreachedAt: null } && due <= now).ToList();
        if (breached.Count == 0)
        {
            return false;
        }

        ticket.SetSla([.. ticket.Sla.Select(t => breached.Contains(t) ? t with { BreachedAt = now } : t)], now);

        // One escalation however many targets breach together (a late run finds several at once):
        // escalating per target would pass the ticket on past the next technical person.
        var assignee = ticket.Assignee;
        string? escalatedTo = null;
        if (ticket.Severity == Severity.S1 && TicketStatusMachine.IsWaitingOnUs(ticket.Status)
            && Escalation.NextTechnical(roster, assignee, now) is { } next)
        {
            var targets = string.Join(", ", breached.Select(t => t.Target));
            escalatedTo = next.Id;
            ticket.Assign(next.Id, $"S1 {targets} target breached: escalated from {assignee ?? "nobody"}", Actors.System, now);
            ticket.Append(now, TimerEventTypes.Escalated, Actors.System, ("target", targets), ("from", assignee), ("to", next.Id));
        }

        foreach (var target in breached)
        {
            ticket.Append(now, TimerEventTypes.SlaBreached, Actors.System,
                ("target", target.Target),
                ("due", target.Due!.Value.ToString("O", CultureInfo.InvariantCulture)),
                ("assignee", assignee),
                ("escalatedTo", escalatedTo));
            logger.LogWarning("{Reference} breached its {Target} target (due {Due:O}){Escalation}", ticket.Reference, target.Target, target.Due,
                escalatedTo is null ? "" : $"; escalated to {escalatedTo}");
        }

        return true;
    }

    private List<WantedMail> WantedMails(Ticket ticket, MailLedger ledger, RosterDocument roster, DateTimeOffset now)
    {
        var wanted = new List<WantedMail>();
        void Want(string key, Person? person, string eventType, Func<MailAddress, OutgoingMail> build)
        {
            if (person is not null && !ledger.HasSent(key))
            {
                wanted.Add(new WantedMail(key, eventType, person.Id, composer.ForStaff(build(new MailAddress(person.Email, person.Name)), ticket.Reference, person.Id)));
            }
        }

        foreach (var target in ticket.Sla.Where(t => t is { Due: not null, MetAt: null, BreachedAt: null }))
        {
            var due = target.Due!.Value;
            var stem = $"sla:{target.Target}:{due.ToUnixTimeSeconds()}";
            var assignee = roster.Find(ticket.Assignee);
            if (now >= due - SlaDueEntries.LastWarning)
            {
                // The 15-minute warning supersedes a 75% one not sent yet (a late run does not send both).
                Want($"{stem}:warn15", assignee, TimerEventTypes.SlaWarning,
                    to => composer.Warning(ticket, $"{stem}:warn15", to, target.Target, due, Left(due - now)));
            }
            else if (target.WarnAt is { } warnAt && now >= warnAt)
            {
                Want($"{stem}:warn75", assignee, TimerEventTypes.SlaWarning,
                    to => composer.Warning(ticket, $"{stem}:warn75", to, target.Target, due, Left(due - now)));
            }
        }

        var manager = OnDuty.For(roster, SupportRole.Manager, now);
        var escalations = new HashSet<DateTimeOffset>();
        foreach (var breach in ticket.Timeline.Where(e => e.Type == TimerEventTypes.SlaBreached))
        {
            var target = breach.Details["target"];
            var due = DateTimeOffset.Parse(breach.Details["due"], CultureInfo.InvariantCulture);
            var stem = $"sla:{target}:{due.ToUnixTimeSeconds()}:breach";
            var escalatedTo = breach.Details.GetValueOrDefault("escalatedTo");
            var assigneeId = breach.Details.GetValueOrDefault("assignee");
            Want($"{stem}:assignee", roster.Find(assigneeId), TimelineEventTypes.AssigneeNotified,
                to => composer.Breach(ticket, $"{stem}:assignee", to, target, due, escalatedTo));
            Want($"{stem}:manager", manager, TimelineEventTypes.ManagerNotified,
                to => composer.Breach(ticket, $"{stem}:manager", to, target, due, escalatedTo));
            // Targets breached together share one escalation: its new owner hears of it once.
            if (escalatedTo is not null && escalations.Add(breach.At))
            {
                Want($"{stem}:escalated", roster.Find(escalatedTo), TimelineEventTypes.AssigneeNotified,
                    to => composer.Escalated(ticket, $"{stem}:escalated", to, target, due, assigneeId));
            }
        }

        if (manager is null && ticket.Timeline.Any(e => e.Type == TimerEventTypes.SlaBreached))
        {
            logger.LogError("{Reference} breached an SLA but the roster has no manager on duty", ticket.Reference);
        }

        return wanted;
    }

    private static string Left(TimeSpan left) =>
        left <= TimeSpan.Zero ? "no time" : left.TotalHours >= 1 ? $"{left.TotalHours:0.#} hours" : $"{Math.Ceiling(left.TotalMinutes)} minutes";

    private sealed record WantedMail(string Key, string EventType, string To, OutgoingMail Mail);
}
