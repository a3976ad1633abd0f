using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Queues;
using Support.Core.Sla;

namespace Support.Core.Notifications;

/// <summary>
/// Tells the requester their inquiry was received (with the reference and when to expect an
/// answer) and tells the assignee the ticket is theirs. Each mail goes out once per ticket: a
/// sender first claims the mail on the ticket (an ETag-guarded write), so a concurrent delivery
/// of the same message backs off, and a redelivery after success finds it recorded as sent.
/// </summary>
public sealed class NotificationHandler(
    ITicketStore store,
    IRosterStore rosters,
    IMailSender mail,
    MailComposer composer,
    ISlaPolicy sla,
    TimeProvider time,
    ILogger<NotificationHandler> logger) : IQueueHandler
{
    public const string AcknowledgementKey = "ack";

    /// <summary>
    /// How long a claim holds. Shorter than the queue's visibility timeout / lock duration, so when
    /// a sender dies mid-send, its redelivered message finds the claim expired and sends.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    public string Queue => QueueNames.Notifications;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.NotificationMessage, NotificationMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        var ticket = await store.GetAsync(message.Reference, cancellationToken);
        if (ticket is null)
        {
            return MessageOutcome.Poison($"ticket {message.Reference} does not exist");
        }

        var wanted = await WantedMailsAsync(ticket, cancellationToken);
        if (wanted.Count == 0)
        {
            return MessageOutcome.Done;
        }

        var claimId = Guid.NewGuid().ToString("N");
        ticket = await store.UpdateAsync(ticket, t =>
        {
            var claimed = false;
            foreach (var want in wanted)
            {
                claimed |= t.ClaimMail(want.Key, claimId, time.GetUtcNow(), ClaimLease) == MailClaimResult.Claimed;
            }

            return claimed;
        }, cancellationToken);

        var mine = wanted.Where(w => ticket!.MailClaims.TryGetValue(w.Key, out var claim) && claim.ClaimId == claimId).ToList();
        var outcomes = new List<SentMail>();
        foreach (var want in mine)
        {
            outcomes.Add(await SendAsync(ticket!, want, cancellationToken));
        }

        if (outcomes.Count > 0)
        {
            await RecordAsync(ticket!, outcomes, cancellationToken);
        }

        return MessageOutcome.Done;
    }

    private async Task<List<WantedMail>> WantedMailsAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var wanted = new List<WantedMail>();
        var firstResponse = sla.FirstResponse(ticket);
        if (!ticket.HasSentMail(AcknowledgementKey))
        {
            wanted.Add(ticket.Requester.Email is null
                ? new WantedMail(AcknowledgementKey, TimelineEventTypes.Acknowledged, "-", null, "the requester has no email address")
                : new WantedMail(AcknowledgementKey, TimelineEventTypes.Acknowledged, ticket.Requester.Email, composer.Acknowledgement(ticket, AcknowledgementKey, firstResponse), null));
        }

        if (ticket.Assignee is { } assigneeId && ticket.AssignedAt is { } assignedAt)
        {
            var key = $"assignee:{assigneeId}:{assignedAt.ToUnixTimeSeconds()}";
            if (!ticket.HasSentMail(key))
            {
                var roster = await rosters.GetAsync(cancellationToken);
                if (roster.Find(assigneeId) is { } person)
                {
                    var reason = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Assigned)?.Details.GetValueOrDefault("why") ?? "assigned";
                    var notice = composer.AssigneeNotice(ticket, key, new MailAddress(person.Email, person.Name), reason, firstResponse);
                    wanted.Add(new WantedMail(key, TimelineEventTypes.AssigneeNotified, person.Id, notice, null));
                }
            }
        }

        return wanted;
    }

    private async Task<SentMail> SendAsync(Ticket ticket, WantedMail want, CancellationToken cancellationToken)
    {
        if (want.Mail is null)
        {
            return new SentMail(want, "-", MailSendResult.Rejected(want.NotSendableBecause!));
        }

        var result = await mail.SendAsync(want.Mail, cancellationToken);
        return new SentMail(want, want.Mail.MessageId, result);
    }

    private async Task RecordAsync(Ticket ticket, List<SentMail> outcomes, CancellationToken cancellationToken)
    {
        // The mails are out; recording them must survive a concurrent update, so the change is re-applied on conflict.
        await store.UpdateAsync(ticket, t =>
        {
            var changed = false;
            foreach (var sent in outcomes.Where(o => !t.HasSentMail(o.Want.Key)))
            {
                var now = time.GetUtcNow();
                if (sent.Result.Status == MailSendStatus.Sent)
                {
                    t.RecordMailSent(sent.Want.Key, sent.Want.EventType, sent.Want.To, sent.MessageId, now);
                    logger.LogInformation("{Reference} {Step} to {To}", t.Reference, sent.Want.EventType, RedactRecipient(sent.Want.To));
                }
                else
                {
                    t.RecordMailSent(sent.Want.Key, TimelineEventTypes.MailSuppressed, sent.Want.To, sent.MessageId, now, sent.Result.Reason);
                    logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", t.Reference, sent.Want.Key, sent.Result.Reason);
                }

                changed = true;
            }

            return changed;
        }, cancellationToken);
    }

    private static string RedactRecipient(string to) => to.Contains('@', StringComparison.Ordinal) ? Redact.Email(to) : to;

    private sealed record WantedMail(string Key, string EventType, string To, OutgoingMail? Mail, string? NotSendableBecause);

    private sealed record SentMail(WantedMail Want, string MessageId, MailSendResult Result);
}
