using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Sla;

namespace Support.Core.Notifications;

/// <summary>
/// Tells the requester their inquiry was received (with the reference and when to expect an
/// answer), tells the assignee the ticket is theirs, and tells the on-duty manager of every S1
/// ticket and of every assignment made without anyone eligible. Each mail goes out once per
/// ticket: a sender first claims the mail on the ticket (an ETag-guarded write), so a concurrent
/// delivery of the same message backs off, and a redelivery after success finds it recorded as sent.
/// </summary>
public sealed class NotificationHandler(
    ITicketStore store,
    IRosterStore rosters,
    IMailSender mail,
    MailComposer composer,
    StaffMailComposer staffComposer,
    ISlaPolicy sla,
    AcknowledgementGate acknowledgements,
    TimeProvider time,
    ILogger<NotificationHandler> logger) : IQueueHandler
{
    public const string AcknowledgementKey = "ack";

    public const string ManagerS1Key = "manager:s1";

    /// <summary>
    /// How long a claim holds. Shorter than the queue's visibility timeout / lock duration, so when
    /// a sender dies mid-send, its redelivered message finds the claim expired and sends.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ClaimPoll = TimeSpan.FromSeconds(1);

    public string Queue => QueueNames.Notifications;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.NotificationMessage, NotificationMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        // A mail claimed by another delivery is either being sent (it will be recorded) or its sender died
        // (the claim lapses): wait for one or the other, so the mail is never dropped because this
        // message came back sooner than the claim's lease.
        var giveUpAt = time.GetUtcNow() + (2 * ClaimLease);
        while (true)
        {
            var ticket = await store.GetAsync(message.Reference, cancellationToken);
            if (ticket is null)
            {
                return MessageOutcome.Poison($"ticket {message.Reference} does not exist");
            }

            if (!await SendWantedAsync(ticket, cancellationToken))
            {
                return MessageOutcome.Done;
            }

            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new InvalidOperationException($"{message.Reference}: mail still claimed by another delivery; retrying later");
            }

            await Task.Delay(ClaimPoll, time, cancellationToken);
        }
    }

    /// <summary>Sends the wanted mails this delivery could claim; true when some are still claimed by another delivery.</summary>
    private async Task<bool> SendWantedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var wanted = await WantedMailsAsync(ticket, cancellationToken);
        if (wanted.Count == 0)
        {
            return false;
        }

        var claimId = Guid.NewGuid().ToString("N");
        ticket = (await store.UpdateAsync(ticket, t =>
        {
            var claimed = false;
            foreach (var key in wanted.SelectMany(w => w.Keys))
            {
                claimed |= t.ClaimMail(key, claimId, time.GetUtcNow(), ClaimLease) == MailClaimResult.Claimed;
            }

            return claimed;
        }, cancellationToken))!;

        var mine = wanted
            .Where(w => w.Keys.All(k => ticket.MailClaims.TryGetValue(k, out var claim) && claim.ClaimId == claimId))
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

        return wanted.Except(mine).SelectMany(w => w.Keys).Any(k => !ticket.HasSentMail(k));
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
        await store.RecordAfterSendAsync(ticket, t =>
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
        }, time, ClaimLease / 2, cancellationToken);
    }

    private static string RedactRecipient(string to) => to.Contains('@', StringComparison.Ordinal) ? Redact.Email(to) : to;

    private sealed record WantedMail(IReadOnlyList<string> Keys, string EventType, string To, OutgoingMail? Mail, string? NotSendableBecause)
    {
        /// <summary>Asked only once the mail is claimed, so a refusal check that counts (the rate limit) counts each mail once.</summary>
        public Func<CancellationToken, Task<string?>>? RefuseAsync { get; init; }
    }

    private sealed record SentMail(WantedMail Want, string MessageId, MailSendResult Result);
}
