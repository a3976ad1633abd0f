using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Notifications;

/// <summary>
/// Sends the mails a ticket was owed and claimed in its <see cref="MailLedger"/> (<see cref="OwedMailRules"/>) once the
/// claim is saved, and records each outcome (settled in the ledger, shown on the ticket's timeline). A mail claimed by another delivery is either being sent (it will be recorded) or its
/// sender died (the claim lapses): the outbox waits for one or the other, so a mail is never dropped because this
/// delivery came sooner than the claim's lease, and a redelivery after success finds it recorded as sent.
/// </summary>
public sealed class MailOutbox(
    ITicketStore store,
    TicketWriter writer,
    IRosterStore rosters,
    IMailSender mail,
    OwedMailRules rules,
    AcknowledgementGate acknowledgements,
    TimeProvider time,
    ILogger<MailOutbox> logger)
{
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Claims on <paramref name="stored"/> every mail it is owed now and nobody holds, reading what the rules need
    /// (the roster; an email ticket's inquiry), for the caller to save with its own change.
    /// </summary>
    public async Task<OwedMails> ClaimOwedAsync(StoredTicket stored, RosterDocument? roster, CancellationToken cancellationToken)
    {
        var inquiry = await InquiryForAsync(stored.Ticket, cancellationToken);
        return rules.Claim(stored, inquiry, roster ?? await rosters.GetAsync(cancellationToken), time.GetUtcNow());
    }

    /// <summary>The inquiry an email ticket's acknowledgement answers; null for other channels, which need none.</summary>
    public async Task<Inquiry?> InquiryForAsync(Ticket ticket, CancellationToken cancellationToken) =>
        ticket.Channel == Channel.Email ? await store.GetInquiryAsync(ticket.Reference, cancellationToken) : null;

    /// <summary>
    /// Once <paramref name="saved"/> is stored as <paramref name="plan"/> left it: sends the mails the plan claimed.
    /// A ticket nobody can own is owed none, and its message is kept for replay.
    /// </summary>
    public async Task<MessageOutcome> SendOwedAsync(StoredTicket stored, AssignmentPlan plan, CancellationToken cancellationToken)
    {
        var saved = stored.Ticket;
        if (saved.Assignee is null || plan.Mails is null)
        {
            // Nobody in the roster for this role: a configuration fault that a retry will not fix by itself,
            // but the message is kept (poison queue) so it can be replayed once the roster is fixed.
            logger.LogError("{Reference} has no possible owner: the roster covers no {Role}", saved.Reference, WireNames.Of(Routing.RoleFor(saved.Category)));
            return MessageOutcome.Poison("no one in the roster can own this ticket");
        }

        if (plan.Decision is { } decision)
        {
            logger.LogInformation("{Reference} assigned to {Assignee} ({Why})", saved.Reference, saved.Assignee, decision.Reason);
            SupportMetrics.Assigned((saved.AssignedAt ?? saved.UpdatedAt) - saved.CreatedAt);
        }

        await SendAsync(stored, plan.Mails, cancellationToken);
        return MessageOutcome.Done;
    }

    /// <summary>
    /// Once the claim in <paramref name="owed"/> is saved on <paramref name="saved"/>: sends the mails it claimed and
    /// records them, then sees to the ones another delivery held.
    /// </summary>
    public async Task SendAsync(StoredTicket saved, OwedMails owed, CancellationToken cancellationToken)
    {
        if (await SendMineAsync(saved, owed, cancellationToken))
        {
            await SendHeldAsync(saved.Reference, cancellationToken);
        }
    }

    /// <summary>
    /// Once the claim in <paramref name="owed"/> is saved on <paramref name="saved"/>: sends the mails it claimed and records
    /// them; a mail another delivery holds is left to it.
    /// </summary>
    public async Task SendClaimedAsync(StoredTicket saved, OwedMails owed, CancellationToken cancellationToken) =>
        await SendMineAsync(saved, owed, cancellationToken);

    /// <summary>Claims again, until every owed mail is sent by this call or recorded by another, or the claims lapse twice over.</summary>
    private async Task SendHeldAsync(string reference, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + (2 * OwedMailRules.ClaimLease);
        while (true)
        {
            OwedMails? owed = null;
            var ticket = await writer.UpdateAsync(reference, async (t, ct) => (owed = await ClaimOwedAsync(t, null, ct)).ClaimedAny, cancellationToken);
            if (ticket is null || !await SendMineAsync(ticket, owed!, cancellationToken))
            {
                return;
            }

            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new InvalidOperationException($"{reference}: mail still claimed by another delivery; retrying later");
            }

            await Task.Delay(ClaimPoll, time, cancellationToken);
        }
    }

    /// <summary>Sends the owed mails this claim holds on the saved ticket; true when some are still held by another delivery.</summary>
    private async Task<bool> SendMineAsync(StoredTicket ticket, OwedMails owed, CancellationToken cancellationToken)
    {
        var mine = owed.Wanted
            .Where(w => w.Keys.All(k => ticket.Mail.IsClaimedBy(k, owed.ClaimId)))
            .ToList();
        var outcomes = new List<SentMail>();
        foreach (var want in mine)
        {
            outcomes.Add(await SendAsync(ticket.Ticket, want, cancellationToken));
        }

        if (outcomes.Count > 0)
        {
            await RecordAsync(ticket, outcomes, cancellationToken);
        }

        return owed.Wanted.Except(mine).SelectMany(w => w.Keys).Any(k => !ticket.Mail.HasSent(k));
    }

    private async Task<SentMail> SendAsync(Ticket ticket, WantedMail want, CancellationToken cancellationToken)
    {
        if (want.Mail is null)
        {
            return SentMail.Withheld(want, want.NotSendableBecause!);
        }

        if (want.Gated && await acknowledgements.RefusalAsync(ticket, want.Inquiry, cancellationToken) is { } refusal)
        {
            return SentMail.Withheld(want, refusal);
        }

        var result = await mail.SendAsync(want.Mail, cancellationToken);
        return new SentMail(want, want.Mail.MessageId, result);
    }

    private async Task RecordAsync(StoredTicket ticket, List<SentMail> outcomes, CancellationToken cancellationToken)
    {
        // The mails are out; recording them must survive a concurrent update, so the change is re-applied on conflict.
        await writer.RecordAfterSendAsync(ticket, t =>
        {
            var changed = false;
            foreach (var sent in outcomes)
            {
                foreach (var key in sent.Want.Keys)
                {
                    if (!t.RecordOutcome(key, sent.Want.EventType, sent.Want.To, sent.MessageId, sent.Result, time.GetUtcNow()))
                    {
                        continue;
                    }

                    if (sent.Result.Status == MailSendStatus.Sent)
                    {
                        logger.LogInformation("{Reference} {Step} to {To}", t.Reference, sent.Want.EventType, RedactRecipient(sent.Want.To));
                    }
                    else if (sent.HandedToProvider)
                    {
                        logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", t.Reference, key, sent.Result.Reason);
                    }
                    else
                    {
                        // Not a failure: the ticket has no address to mail, or the policy (loop guard, rate limit) said no; the timeline says why.
                        logger.LogInformation("{Reference} mail {Mail} not sent: {Why}", t.Reference, key, sent.Result.Reason);
                    }

                    changed = true;
                }
            }

            return changed;
        }, OwedMailRules.ClaimLease / 2, cancellationToken);
    }

    private static string RedactRecipient(string to) => to.Contains('@', StringComparison.Ordinal) ? Redact.Email(to) : to;

    private sealed record SentMail(WantedMail Want, string MessageId, MailSendResult Result)
    {
        private const string NoMessage = "-";

        /// <summary>Not handed to the provider: no address to mail, or the acknowledgement gate said no.</summary>
        public static SentMail Withheld(WantedMail want, string why) => new(want, NoMessage, MailSendResult.Rejected(why));

        public bool HandedToProvider => MessageId != NoMessage;
    }
}
