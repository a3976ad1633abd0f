using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Core.Notifications;

/// <summary>
/// Tells the requester their inquiry was received (with the reference and when to expect an
/// answer), tells the assignee the ticket is theirs, and tells the on-duty manager of every S1
/// ticket and of every assignment made without anyone eligible. Each mail goes out once per
/// ticket: a sender first claims the mail on the ticket (an ETag-guarded write), so a concurrent
/// delivery backs off, and a redelivery after success finds it recorded as sent. Assignment calls
/// this in process and saves the claim together with the assignment, so a new ticket's mails cost
/// no read, no write and no queue hop of their own.
/// </summary>
public sealed class NotificationHandler(
    ITicketStore store,
    TicketWriter writer,
    IRosterStore rosters,
    IMailSender mail,
    MailComposer composer,
    StaffMailComposer staffComposer,
    ISlaPolicy sla,
    AcknowledgementGate acknowledgements,
    TimeProvider time,
    ILogger<NotificationHandler> logger)
{
    public const string AcknowledgementKey = "ack";

    public const string ManagerS1Key = "manager:s1";

    /// <summary>
    /// How long a claim holds. Shorter than the queue's visibility timeout / lock duration, so when
    /// a sender dies mid-send, its redelivered message finds the claim expired and sends.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ClaimPoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Claims on <paramref name="ticket"/> every mail it is owed now and nobody holds, for the caller
    /// to save with its own change (inside its update, so a conflict re-runs this on the fresh ticket).
    /// </summary>
    public async Task<OwedMails> ClaimOwedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var wanted = await WantedMailsAsync(ticket, cancellationToken);
        var claimId = Guid.NewGuid().ToString("N");
        var claimed = false;
        foreach (var key in wanted.SelectMany(w => w.Keys))
        {
            claimed |= ticket.ClaimMail(key, claimId, time.GetUtcNow(), ClaimLease) == MailClaimResult.Claimed;
        }

        return new OwedMails(claimId, wanted, claimed);
    }

    /// <summary>
    /// Once the claim from <see cref="ClaimOwedAsync"/> is saved on <paramref name="saved"/>: sends
    /// the mails it claimed and records them, then sees to the ones another delivery held.
    /// </summary>
    public async Task SendClaimedAsync(Ticket saved, OwedMails owed, CancellationToken cancellationToken)
    {
        if (await SendMineAsync(saved, owed, cancellationToken))
        {
            await NotifyAsync(saved.Reference, cancellationToken);
        }
    }

    /// <summary>
    /// Sends every mail the ticket is owed that nobody has sent. A mail claimed by another delivery is
    /// either being sent (it will be recorded) or its sender died (the claim lapses): this waits for
    /// one or the other, so the mail is never dropped because this call came sooner than the claim's
    /// lease.
    /// </summary>
    private async Task NotifyAsync(string reference, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + (2 * ClaimLease);
        while (true)
        {
            OwedMails? owed = null;
            var ticket = await writer.UpdateAsync(reference, async (t, ct) => (owed = await ClaimOwedAsync(t, ct)).ClaimedAny, cancellationToken);
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
    private async Task<bool> SendMineAsync(Ticket ticket, OwedMails owed, CancellationToken cancellationToken)
    {
        var mine = owed.Wanted
            .Where(w => w.Keys.All(k => ticket.MailClaims.TryGetValue(k, out var claim) && claim.ClaimId == owed.ClaimId))
            .ToList();
        var outcomes = new List<SentMail>();
        foreach (var want in mine)
        {
            outcomes.Add(await SendAsync(want, cancellationToken));
        }

        if (outcomes.Count > 0)
        {
            await RecordAsync(ticket, outcomes, cancellationToken);
        }

        return owed.Wanted.Except(mine).SelectMany(w => w.Keys).Any(k => !ticket.HasSentMail(k));
    }

    private async Task<List<WantedMail>> WantedMailsAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var wanted = new List<WantedMail>();
        var firstResponse = sla.FirstResponse(ticket);
        if (!ticket.HasSentMail(AcknowledgementKey))
        {
            // An email ticket's acknowledgement answers the customer's mail (threads under it) and may be refused (loop guard, rate limit).
            var inquiry = ticket.Channel == Channel.Email ? await store.GetInquiryAsync(ticket.Reference, cancellationToken) : null;
            var inReplyTo = inquiry?.Attributes.GetValueOrDefault(EmailInquiry.Keys.MessageId);
            wanted.Add(ticket.Requester.Email is null
                ? new WantedMail([AcknowledgementKey], TimelineEventTypes.Acknowledged, "-", null, "the requester has no email address")
                : new WantedMail([AcknowledgementKey], TimelineEventTypes.Acknowledged, ticket.Requester.Email, composer.Acknowledgement(ticket, AcknowledgementKey, firstResponse, inReplyTo), null)
                {
                    RefuseAsync = ct => acknowledgements.RefusalAsync(ticket, inquiry, ct),
                });
        }

        var roster = await rosters.GetAsync(cancellationToken);
        if (ticket.Assignee is { } assigneeId && ticket.AssignedAt is { } assignedAt)
        {
            var key = $"assignee:{assigneeId}:{assignedAt.ToUnixTimeSeconds()}";
            if (!ticket.HasSentMail(key) && roster.Find(assigneeId) is { } person)
            {
                var reason = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Assigned)?.Details.GetValueOrDefault("why") ?? "assigned";
                var notice = composer.AssigneeNotice(ticket, key, new MailAddress(person.Email, person.Name), reason, firstResponse);
                wanted.Add(new WantedMail([key], TimelineEventTypes.AssigneeNotified, person.Id, notice, null));
            }
        }

        if (ManagerAlert(ticket, roster, firstResponse) is { } alert)
        {
            wanted.Add(alert);
        }

        return wanted;
    }

    private WantedMail? ManagerAlert(Ticket ticket, RosterDocument roster, SlaDue firstResponse)
    {
        var pending = new List<(string Key, string Reason)>();
        if (ticket.Severity == Severity.S1 && !ticket.HasSentMail(ManagerS1Key))
        {
            pending.Add((ManagerS1Key, "S1: production down or severe business impact"));
        }

        if (ManagerAttentionSinceAssigned(ticket) is { } attention)
        {
            var key = $"manager:attention:{ticket.AssignedAt?.ToUnixTimeSeconds()}";
            if (!ticket.HasSentMail(key))
            {
                pending.Add((key, $"assigned without anyone eligible: {attention}"));
            }
        }

        if (pending.Count == 0)
        {
            return null;
        }

        if (OnDuty.For(roster, SupportRole.Manager, time.GetUtcNow()) is not { } manager)
        {
            logger.LogError("{Reference} needs a manager but the roster has no manager on duty", ticket.Reference);
            return null;
        }

        // One mail for everything the manager must hear now; each reason is recorded as told.
        var alert = staffComposer.ManagerAlert(ticket, pending[0].Key, new MailAddress(manager.Email, manager.Name), [.. pending.Select(p => p.Reason)], firstResponse);
        return new WantedMail([.. pending.Select(p => p.Key)], TimelineEventTypes.ManagerNotified, manager.Id, alert, null);
    }

    /// <summary>Why the manager must hear of the current assignment, when they must.</summary>
    private static string? ManagerAttentionSinceAssigned(Ticket ticket)
    {
        for (var i = ticket.Timeline.Count - 1; i >= 0; i--)
        {
            var e = ticket.Timeline[i];
            if (e.Type == TimelineEventTypes.ManagerAttention)
            {
                return e.Details.GetValueOrDefault("why") ?? "no reason given";
            }

            if (e.Type == TimelineEventTypes.Assigned)
            {
                return null;
            }
        }

        return null;
    }

    private async Task<SentMail> SendAsync(WantedMail want, CancellationToken cancellationToken)
    {
        if (want.Mail is null)
        {
            return new SentMail(want, "-", MailSendResult.Rejected(want.NotSendableBecause!));
        }

        if (want.RefuseAsync is { } refuse && await refuse(cancellationToken) is { } refusal)
        {
            return new SentMail(want, "-", MailSendResult.Rejected(refusal));
        }

        var result = await mail.SendAsync(want.Mail, cancellationToken);
        return new SentMail(want, want.Mail.MessageId, result);
    }

    private async Task RecordAsync(Ticket ticket, List<SentMail> outcomes, CancellationToken cancellationToken)
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
                    else
                    {
                        logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", t.Reference, key, sent.Result.Reason);
                    }

                    changed = true;
                }
            }

            return changed;
        }, ClaimLease / 2, cancellationToken);
    }

    private static string RedactRecipient(string to) => to.Contains('@', StringComparison.Ordinal) ? Redact.Email(to) : to;

    /// <summary>The mails a ticket was owed when claimed, and under which claim.</summary>
    public sealed class OwedMails
    {
        internal OwedMails(string claimId, IReadOnlyList<WantedMail> wanted, bool claimedAny)
        {
            ClaimId = claimId;
            Wanted = wanted;
            ClaimedAny = claimedAny;
        }

        /// <summary>True when the claim took at least one mail: the ticket changed and must be saved.</summary>
        public bool ClaimedAny { get; }

        internal string ClaimId { get; }

        internal IReadOnlyList<WantedMail> Wanted { get; }
    }

    internal sealed record WantedMail(IReadOnlyList<string> Keys, string EventType, string To, OutgoingMail? Mail, string? NotSendableBecause)
    {
        /// <summary>Asked only once the mail is claimed, so a refusal check that counts (the rate limit) counts each mail once.</summary>
        public Func<CancellationToken, Task<string?>>? RefuseAsync { get; init; }
    }

    private sealed record SentMail(WantedMail Want, string MessageId, MailSendResult Result);
}
