using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Scheduling;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Core.AutoClose;

/// <summary>
/// Every 15 minutes: a ticket Pending (waiting on the customer) with no customer activity gets a
/// nudge after <see cref="TimersOptions.PendingNudgeAfterDays"/>, is set Solved after
/// <see cref="TimersOptions.PendingSolveAfterDays"/> with a mail saying a reply reopens it, and a
/// Solved ticket is Closed <see cref="TimersOptions.SolvedCloseAfterDays"/> later. The clock runs
/// from the later of the move to Pending and the customer's last message, so a reply stops it.
/// Finds candidates with the store's status query (ticket rows with <c>Status eq 'pending'</c> /
/// <c>'solved'</c>): its cost follows the tickets in those statuses, fine for a small team.
/// Mails are claimed on the ticket before sending, so overlapping runs send each once.
/// </summary>
public sealed class PendingAutoClose(
    ITicketStore store,
    TicketWriter writer,
    IMailSender mail,
    MailComposer composer,
    IOptions<TimersOptions> options,
    TimeProvider time,
    ILogger<PendingAutoClose> logger) : IScheduledJob
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    private const string SolvedKeyPrefix = "autoclose:solved:";

    public string Name => "PendingAutoClose";

    public string ScheduleSetting => "PendingAutoCloseSchedule";

    public string DefaultSchedule => "0 */15 * * * *";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        foreach (var reference in await ReferencesAsync(TicketStatus.Pending, cancellationToken))
        {
            await PendingAsync(reference, cancellationToken);
        }

        foreach (var reference in await ReferencesAsync(TicketStatus.Solved, cancellationToken))
        {
            await SolvedAsync(reference, cancellationToken);
        }
    }

    private async Task PendingAsync(string reference, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var claimId = Guid.NewGuid().ToString("N");
        WantedMail? wanted = null;
        var ticket = await writer.UpdateAsync(reference, stored =>
        {
            wanted = null;
            var t = stored.Ticket;
            var now = time.GetUtcNow();
            if (t.Status != TicketStatus.Pending || QuietSince(t) is not { } since)
            {
                return false;
            }

            var changed = false;
            var stamp = since.ToUnixTimeSeconds();
            if (now - since >= TimeSpan.FromDays(o.PendingSolveAfterDays))
            {
                t.MoveTo(TicketStatus.Solved, Actors.System, now, $"no reply from the customer for {o.PendingSolveAfterDays:0.#} days");
                changed = true;
                wanted = new WantedMail($"{SolvedKeyPrefix}{stamp}", TimerEventTypes.AutoSolvedNotified, SolvedMail);
            }
            else if (now - since >= TimeSpan.FromDays(o.PendingNudgeAfterDays))
            {
                wanted = new WantedMail($"autoclose:nudge:{stamp}", TimerEventTypes.PendingNudged, NudgeMail);
            }

            if (wanted is not null)
            {
                changed |= stored.ClaimMail(wanted.Key, claimId, now, ClaimLease) == MailClaimResult.Claimed;
            }

            return changed;
        }, cancellationToken);

        if (ticket is not null && wanted is { } want && ticket.Mail.IsClaimedBy(want.Key, claimId))
        {
            await SendAsync(ticket, want, cancellationToken);
        }
    }

    private async Task SolvedAsync(string reference, CancellationToken cancellationToken)
    {
        var after = TimeSpan.FromDays(options.Value.SolvedCloseAfterDays);
        var claimId = Guid.NewGuid().ToString("N");
        WantedMail? unsent = null;
        var ticket = await writer.UpdateAsync(reference, stored =>
        {
            unsent = null;
            var t = stored.Ticket;
            var now = time.GetUtcNow();
            if (t.Status != TicketStatus.Solved)
            {
                return false;
            }

            // A run that solved the ticket but died before its mail went out: the ticket is no longer
            // Pending, so only this pass can still send it, once the dead sender's claim has lapsed.
            var changed = false;
            if (stored.Mail.Claims.Keys.FirstOrDefault(k => k.StartsWith(SolvedKeyPrefix, StringComparison.Ordinal)) is { } key
                && stored.ClaimMail(key, claimId, now, ClaimLease) == MailClaimResult.Claimed)
            {
                unsent = new WantedMail(key, TimerEventTypes.AutoSolvedNotified, SolvedMail);
                changed = true;
            }

            if (t.LastMovedTo(TicketStatus.Solved) is { } solvedAt && now - solvedAt >= after)
            {
                t.MoveTo(TicketStatus.Closed, Actors.System, now, $"solved {options.Value.SolvedCloseAfterDays:0.#} days ago");
                logger.LogInformation("{Reference} closed after {Days} days solved", t.Reference, options.Value.SolvedCloseAfterDays);
                changed = true;
            }

            return changed;
        }, cancellationToken);

        if (ticket is not null && unsent is { } want && ticket.Mail.IsClaimedBy(want.Key, claimId))
        {
            await SendAsync(ticket, want, cancellationToken);
        }
    }

    /// <summary>When the customer went quiet: the later of the move to Pending and their last message.</summary>
    private static DateTimeOffset? QuietSince(Ticket ticket)
    {
        var pendingSince = ticket.LastMovedTo(TicketStatus.Pending);
        var lastMessage = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.CustomerMessage)?.At;
        return lastMessage > pendingSince ? lastMessage : pendingSince;
    }

    private async Task SendAsync(StoredTicket stored, WantedMail want, CancellationToken cancellationToken)
    {
        var ticket = stored.Ticket;
        var result = ticket.Requester.Email is { } email
            ? await mail.SendAsync(want.Build(ticket, want.Key, new MailAddress(email, ticket.Requester.Name)), cancellationToken)
            : MailSendResult.Rejected("the requester has no email address");
        var messageId = composer.MessageIdFor(ticket.Reference, want.Key);
        var recorded = false;
        await writer.RecordAfterSendAsync(stored, t => recorded = t.RecordOutcome(want.Key, want.EventType, "requester", messageId, result, time.GetUtcNow()), ClaimLease / 2, cancellationToken);
        if (recorded && result.Status != MailSendStatus.Sent)
        {
            logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", ticket.Reference, want.Key, result.Reason);
        }
    }

    private OutgoingMail NudgeMail(Ticket ticket, string key, MailAddress to)
    {
        var words = CustomerMailText.For(ticket.Language);
        var days = (options.Value.PendingSolveAfterDays - options.Value.PendingNudgeAfterDays).ToString("0.#", words.Culture);
        return OneLineMail(ticket, key, to, string.Format(words.Culture, words.NudgeSubject, ticket.Reference, ticket.Subject), words, words.Nudge, ticket.Reference, days);
    }

    private OutgoingMail SolvedMail(Ticket ticket, string key, MailAddress to)
    {
        var words = CustomerMailText.For(ticket.Language);
        return OneLineMail(ticket, key, to, string.Format(words.Culture, words.SolvedSubject, ticket.Reference, ticket.Subject), words, words.Solved, ticket.Reference);
    }

    private OutgoingMail OneLineMail(Ticket ticket, string key, MailAddress to, string subject, CustomerMailText words, string template, params string[] args) =>
        composer.ToCustomer(ticket, key, [to], subject,
            string.Format(words.Culture, template, args) + "\n",
            $"<p>{words.Html(template, [.. args.Select(a => (a, false))])}</p>",
            new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" });

    private async Task<List<string>> ReferencesAsync(TicketStatus status, CancellationToken cancellationToken)
    {
        var references = new List<string>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(new TicketQuery { Status = status, PageSize = 500, Continuation = continuation }, cancellationToken);
            references.AddRange(page.Items.Select(t => t.Reference));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return references;
    }

    private sealed record WantedMail(string Key, string EventType, Func<Ticket, string, MailAddress, OutgoingMail> Build);
}
