using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Queues;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Replies;

/// <summary>
/// Mails a recorded staff reply to the requester and the ticket's other participants, threaded
/// under the customer's latest mail. Exactly once per reply: the sender claims the mail in the
/// ticket's <see cref="MailLedger"/> first (as <see cref="MailOutbox"/> does), and records it as sent afterwards. A reply
/// on a ticket asked in Slack (channel <c>chat</c>) goes to its thread there instead, through the chat queue.
/// </summary>
public sealed class ReplyMailer(
    ITicketStore store,
    TicketWriter writer,
    IBlobStore blobs,
    IRosterStore rosters,
    IMailSender mail,
    ReplyMailComposer composer,
    IReceivedMailIndex sentIndex,
    IQueuePublisher queue,
    TimeProvider time,
    ILogger<ReplyMailer> logger)
{
    /// <summary>The timeline event recording that a staff reply went out (detail <c>messageId</c> is ours).</summary>
    public const string ReplySent = "reply-sent";

    /// <summary>Mails the staff reply <paramref name="replyId"/> of the ticket, unless it went out already or is going out now.</summary>
    public async Task<MessageOutcome> SendReplyAsync(string reference, string replyId, CancellationToken cancellationToken)
    {
        SupportTelemetry.Ticket(reference);
        var ticket = await store.LoadAsync(reference, cancellationToken);
        if (ticket is null)
        {
            return MessageOutcome.Poison($"ticket {reference} does not exist");
        }

        var reply = ticket.Ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.StaffReply && e.Details.GetValueOrDefault("replyId") == replyId);
        if (reply is null)
        {
            return MessageOutcome.Poison($"{reference} has no staff reply {replyId}");
        }

        if (ticket.Ticket.Channel == Channel.Chat)
        {
            // A question asked in Slack is answered in its thread there, by the chat queue (Slack's own limits apply).
            await queue.PublishAsync(
                QueueNames.Chat,
                Contracts.MessageCodec.Encode(Contracts.ChatQueueMessage.ForReply(reference, replyId), Contracts.SupportJson.Default.ChatQueueMessage),
                messageId: $"{reference}:reply:{replyId}",
                cancellationToken);
            return MessageOutcome.Done;
        }

        var key = "reply:" + replyId;
        var claimId = Guid.NewGuid().ToString("N");
        var claimed = false;
        ticket = await writer.UpdateAsync(ticket, t => claimed = t.ClaimMail(key, claimId, time.GetUtcNow(), OwedMailRules.ClaimLease) == MailClaimResult.Claimed, cancellationToken);
        if (!claimed)
        {
            // Sent already, or another delivery is sending it right now (its own message is redelivered if it dies).
            return MessageOutcome.Done;
        }

        var (outgoing, result) = await ComposeAndSendAsync(ticket!.Ticket, reply, key, cancellationToken);
        await writer.RecordAfterSendAsync(
            ticket!,
            t => t.RecordOutcome(key, ReplySent, outgoing is null ? "-" : outgoing.To[0].Email, outgoing?.MessageId ?? "-", result, time.GetUtcNow()),
            OwedMailRules.ClaimLease / 2,
            cancellationToken);

        if (outgoing is not null && result.Status == MailSendStatus.Sent)
        {
            // The customer's answer names this Message-ID in In-Reply-To: it must lead back to the ticket.
            await sentIndex.RememberAsync(outgoing.MessageId, reference, cancellationToken);
            logger.LogInformation("{Reference} staff reply mailed to {To}", reference, Redact.Email(outgoing.To[0].Email));
        }
        else
        {
            logger.LogWarning("{Reference} staff reply {Reply} not delivered: {Why}", reference, replyId, result.Reason);
        }

        return MessageOutcome.Done;
    }

    private async Task<(OutgoingMail? Mail, MailSendResult Result)> ComposeAndSendAsync(Ticket ticket, TimelineEvent reply, string key, CancellationToken cancellationToken)
    {
        if (ticket.Requester.Email is null)
        {
            return (null, MailSendResult.Rejected("the requester has no email address"));
        }

        var text = reply.Details.GetValueOrDefault("bodyBlob") is { } blob && await blobs.GetAsync(BlobContainers.Bodies, blob, cancellationToken) is { } full
            ? Encoding.UTF8.GetString(full.ToMemory().Span)
            : reply.Details.GetValueOrDefault("body") ?? string.Empty;
        var roster = await rosters.GetAsync(cancellationToken);
        var author = roster.Find(reply.Actor);
        var inquiry = await store.GetInquiryAsync(ticket.Reference, cancellationToken);
        var outgoing = composer.Reply(ticket, key, text, author, roster, EmailThread.Of(ticket, inquiry));
        return (outgoing, await mail.SendAsync(outgoing, cancellationToken));
    }
}

/// <summary>The Message-IDs of a ticket's mail thread, for In-Reply-To and References.</summary>
public sealed record EmailThread(string? InReplyTo, IReadOnlyList<string> Earlier)
{
    /// <summary>
    /// Answers the customer's latest mail (or, on a ticket that never had one, our latest); the
    /// thread is the original mail, then every mail on the timeline in order.
    /// </summary>
    public static EmailThread Of(Ticket ticket, Inquiry? inquiry)
    {
        var ids = new List<string>();
        string? lastCustomer = null;
        if (inquiry?.Attributes.GetValueOrDefault(EmailInquiry.Keys.MessageId) is { Length: > 0 } original)
        {
            ids.Add(original);
            lastCustomer = original;
        }

        foreach (var e in ticket.Timeline)
        {
            if (e.Details.GetValueOrDefault("messageId") is not { Length: > 1 } id)
            {
                continue;
            }

            if (e.Type == TimelineEventTypes.CustomerMessage)
            {
                ids.Add(id);
                lastCustomer = id;
            }
            else if (e.Type is TimelineEventTypes.Acknowledged or ReplyMailer.ReplySent)
            {
                ids.Add(id);
            }
        }

        var answer = lastCustomer ?? ids.LastOrDefault();
        return new EmailThread(answer, [.. ids.Where(i => i != answer)]);
    }
}
