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
/// answer) and tells the assignee the ticket is theirs. Each mail is sent once per ticket: the
/// ticket records which mails went out, and a redelivered message skips them.
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

        var firstResponse = sla.FirstResponse(ticket);
        var outcomes = new List<SentMail>();

        if (!ticket.HasSentMail(AcknowledgementKey))
        {
            outcomes.Add(await AcknowledgeAsync(ticket, firstResponse, cancellationToken));
        }

        if (ticket.Assignee is { } assigneeId)
        {
            var key = $"assignee:{assigneeId}:{ticket.AssignedAt?.ToUnixTimeSeconds()}";
            if (!ticket.HasSentMail(key))
            {
                var roster = await rosters.GetAsync(cancellationToken);
                if (roster.Find(assigneeId) is { } person)
                {
                    var reason = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Assigned)?.Details.GetValueOrDefault("why") ?? "assigned";
                    var notice = composer.AssigneeNotice(ticket, key, new MailAddress(person.Email, person.Name), reason, firstResponse);
                    var result = await mail.SendAsync(notice, cancellationToken);
                    outcomes.Add(new SentMail(key, TimelineEventTypes.AssigneeNotified, person.Id, notice.MessageId, result));
                }
            }
        }

        if (outcomes.Count > 0)
        {
            await RecordAsync(ticket.Reference, outcomes, cancellationToken);
        }

        return MessageOutcome.Done;
    }

    private async Task<SentMail> AcknowledgeAsync(Ticket ticket, SlaDue firstResponse, CancellationToken cancellationToken)
    {
        if (ticket.Requester.Email is null)
        {
            return new SentMail(AcknowledgementKey, TimelineEventTypes.MailSuppressed, "-", "-", MailSendResult.Rejected("the requester has no email address"));
        }

        var ack = composer.Acknowledgement(ticket, AcknowledgementKey, firstResponse);
        var result = await mail.SendAsync(ack, cancellationToken);
        return new SentMail(AcknowledgementKey, TimelineEventTypes.Acknowledged, ticket.Requester.Email, ack.MessageId, result);
    }

    private async Task RecordAsync(string reference, List<SentMail> outcomes, CancellationToken cancellationToken)
    {
        // The mails are out; recording them must not be lost to a concurrent update, so the change is re-applied on conflict.
        await store.UpdateAsync(reference, ticket =>
        {
            var changed = false;
            foreach (var sent in outcomes.Where(o => !ticket.HasSentMail(o.Key)))
            {
                var now = time.GetUtcNow();
                if (sent.Result.Status == MailSendStatus.Sent)
                {
                    ticket.RecordMailSent(sent.Key, sent.EventType, sent.To, sent.MessageId, now);
                    logger.LogInformation("{Reference} {Step} to {To}", reference, sent.EventType, RedactRecipient(sent.To));
                }
                else
                {
                    ticket.RecordMailSent(sent.Key, TimelineEventTypes.MailSuppressed, sent.To, sent.MessageId, now, sent.Result.Reason);
                    logger.LogWarning("{Reference} mail {Mail} not delivered: {Why}", reference, sent.Key, sent.Result.Reason);
                }

                changed = true;
            }

            return changed;
        }, cancellationToken);
    }

    private static string RedactRecipient(string to) => to.Contains('@', StringComparison.Ordinal) ? Redact.Email(to) : to;

    private sealed record SentMail(string Key, string EventType, string To, string MessageId, MailSendResult Result);
}
