using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Sla;

namespace Support.Core.Notifications;

/// <summary>
/// Tells the requester their inquiry was received (with the reference and when to expect an
/// answer) and tells the assignee the ticket is theirs. Each mail is sent once per ticket: the
/// ticket records which mails went out, and a redelivered message skips them. The on-duty manager
/// hears of every S1 ticket and of every assignment made without anyone eligible.
/// </summary>
public sealed class NotificationHandler(
    ITicketStore store,
    IRosterStore rosters,
    IMailSender mail,
    MailComposer composer,
    StaffMailComposer staffComposer,
    ISlaPolicy sla,
    TimeProvider time,
    ILogger<NotificationHandler> logger) : IQueueHandler
{
    public const string AcknowledgementKey = "ack";

    public const string ManagerS1Key = "manager:s1";

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

        if (await AlertManagerAsync(ticket, firstResponse, cancellationToken) is { } alert)
        {
            outcomes.AddRange(alert);
        }

        if (outcomes.Count > 0)
        {
            await RecordAsync(ticket.Reference, outcomes, cancellationToken);
        }

        return MessageOutcome.Done;
    }

    private async Task<IReadOnlyList<SentMail>?> AlertManagerAsync(Ticket ticket, SlaDue firstResponse, CancellationToken cancellationToken)
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

        var roster = await rosters.GetAsync(cancellationToken);
        if (OnDuty.For(roster, SupportRole.Manager, time.GetUtcNow()) is not { } manager)
        {
            logger.LogError("{Reference} needs a manager but the roster has no manager on duty", ticket.Reference);
            return null;
        }

        // One mail for everything the manager must hear now; each reason is recorded as told.
        var alert = staffComposer.ManagerAlert(ticket, pending[0].Key, new MailAddress(manager.Email, manager.Name), [.. pending.Select(p => p.Reason)], firstResponse);
        var result = await mail.SendAsync(alert, cancellationToken);
        return [.. pending.Select(p => new SentMail(p.Key, TimelineEventTypes.ManagerNotified, manager.Id, alert.MessageId, result))];
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
