using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Assignment;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Replies;
using Support.Core.Tickets;

namespace Support.Core.Email;

/// <summary>What became of an inbound mail: the ticket it went to (null when ignored) and what was done.</summary>
public sealed record EmailIntakeResult(string? Reference, string Outcome);

/// <summary>
/// Carries out what <see cref="EmailThreading"/> decides for an inbound mail whose raw post is
/// stored already: a new (or follow-up) ticket through intake, a customer's or staff member's
/// reply on its ticket, a bounce on the ticket it concerns. Idempotent: a redelivered mail finds
/// its Message-ID remembered, or is refused as a duplicate by intake and by the ticket.
/// </summary>
public sealed class EmailIntake(
    MailLoopGuard loopGuard,
    EmailThreading threading,
    IRosterStore rosters,
    ITicketStore store,
    TicketWriter writer,
    InquiryIntake intake,
    StaffReplies staffReplies,
    IReceivedMailIndex received,
    InboundMailArchive archive,
    IQueuePublisher queue,
    IOptions<MailOptions> mail,
    TimeProvider time,
    ILogger<EmailIntake> logger)
{
    /// <summary>The detail marking a note that came by mail from a staff address without proving it was theirs.</summary>
    public const string UnverifiedDetail = "unverified";

    // A hold loses only to the ticket being opened or another follow-up held in the same moment; after that the look-up finds the ticket.
    private const int MaxHoldAttempts = 5;

    /// <param name="rawBlob">The name of the stored post in the <c>raw-mail</c> container.</param>
    public async Task<EmailIntakeResult> ReceiveAsync(ParsedEmail email, string rawBlob, CancellationToken cancellationToken)
    {
        if (email.MessageId is { } messageId && await received.FindTicketAsync(messageId, cancellationToken) is { } known)
        {
            logger.LogInformation("{Reference} mail received again: recorded already", known);
            return new EmailIntakeResult(known, "duplicate");
        }

        var verdict = loopGuard.Classify(email);
        var roster = await rosters.GetAsync(cancellationToken);
        var decision = await threading.DecideAsync(email, verdict, roster, time.GetUtcNow(), cancellationToken);
        if (decision is Ignore ignore)
        {
            logger.LogInformation("Inbound mail ignored ({Kind}): {Why}", verdict.Kind, ignore.Why);
            return new EmailIntakeResult(null, "ignored: " + ignore.Why);
        }

        var archived = await archive.StoreAsync(email, cancellationToken);
        var (reference, outcome) = decision switch
        {
            NewTicket d => (await OpenAsync(email, verdict, d.LinkedTo, null, d.Acknowledge, d.Why, rawBlob, archived, cancellationToken), "new ticket"),
            FollowUp d => (await OpenAsync(email, verdict, null, d.Of, d.Acknowledge, d.Why, rawBlob, archived, cancellationToken), "follow-up ticket"),
            ThreadInto { Author: ReplyAuthor.Customer } d => (await RecordCustomerAsync(email, d, rawBlob, archived, cancellationToken), "customer reply"),
            ThreadInto d => (await RecordStaffAsync(email, d, cancellationToken), d.Command == StaffCommand.Note ? "internal note" : "staff reply"),
            UnverifiedNote d => (await RecordUnverifiedAsync(email, d, cancellationToken), "unverified note"),
            RecordBounce d => (await RecordBounceAsync(email, d, cancellationToken), "bounce"),
            _ => throw new InvalidOperationException($"Unknown threading decision {decision.GetType().Name}."),
        };

        if (reference is not null && email.MessageId is { } id)
        {
            await received.RememberAsync(id, reference, cancellationToken);
        }

        logger.LogInformation("{Reference} inbound mail: {Outcome} ({Why})", reference, outcome, decision.Why);
        return new EmailIntakeResult(reference, outcome);
    }

    private async Task<string> OpenAsync(ParsedEmail email, LoopVerdict verdict, string? linkedTo, string? followUpOf, bool acknowledge, string why, string rawBlob, ArchivedMail archived, CancellationToken cancellationToken)
    {
        var submission = EmailInquiry.ToSubmission(email, verdict, mail.Value, linkedTo, followUpOf);
        var attributes = new Dictionary<string, string>(submission.Attributes, StringComparer.Ordinal)
        {
            [EmailInquiry.Keys.RawMail] = rawBlob,
        };
        foreach (var (key, value) in archived.Details.Concat(SenderAuthentication.Judge(email).Details))
        {
            if (value is not null)
            {
                attributes[key] = value;
            }
        }

        if (!acknowledge || !verdict.MayAcknowledge)
        {
            attributes[EmailInquiry.Keys.NoAcknowledgement] = verdict.MayAcknowledge ? why : verdict.Reason;
        }

        var result = await intake.AcceptAsync(submission with { Attributes = attributes }, cancellationToken);
        return result.Reference;
    }

    private async Task<string?> RecordCustomerAsync(ParsedEmail email, ThreadInto decision, string rawBlob, ArchivedMail archived, CancellationToken cancellationToken)
    {
        var body = InboundMailArchive.Short(decision.Body.Length > 0 ? decision.Body : email.Text);
        var now = time.GetUtcNow();
        Ticket? ticket = null;
        for (var attempt = 1; ticket is null; attempt++)
        {
            var found = await store.LookUpAsync(decision.Reference, cancellationToken);
            if (found.Conversation is not { } conversation)
            {
                return null;
            }

            var message = Ticket.CustomerMessage(
                email.From.Email, email.MessageId, body, email.Date, now,
                [.. EmailInquiry.Addresses(email, mail.Value).Where(a => !conversation.IsOnConversation(a))],
                [("subject", email.Subject), .. EmailInquiry.ConversationDetails(email), (EmailInquiry.Keys.RawMail, rawBlob), .. archived.Details,
                    .. SenderAuthentication.Judge(email).Details]);
            if (found.Stored is { } stored)
            {
                ticket = (await writer.UpdateAsync(stored, t => t.Ticket.RecordCustomerMessage(message, decision.Reopens, now), cancellationToken))?.Ticket;
            }
            else if (await store.HoldCustomerMessageAsync(found, EmailInquiry.DedupeKey(email), message, cancellationToken))
            {
                logger.LogInformation("{Reference} is not opened yet: the customer's mail is held for it", decision.Reference);
                return decision.Reference;
            }
            else if (attempt == MaxHoldAttempts)
            {
                throw new ConcurrencyConflictException(decision.Reference);
            }
        }

        // A reopened ticket goes through assignment again (back to its owner if they are working); on every
        // delivery, since an earlier one may have recorded the reply and died before this.
        if (PreviousOwner.ReopenedSinceAssigned(ticket))
        {
            await queue.PublishAsync(
                QueueNames.Assignments,
                MessageCodec.Encode(AssignmentMessage.For(ticket.Reference), SupportJson.Default.AssignmentMessage),
                messageId: $"{ticket.Reference}:assign:reopened:{ticket.LastMovedTo(TicketStatus.Open)?.ToUnixTimeSeconds()}",
                cancellationToken);
        }

        return ticket.Reference;
    }

    private async Task<string?> RecordStaffAsync(ParsedEmail email, ThreadInto decision, CancellationToken cancellationToken)
    {
        var note = decision.Command == StaffCommand.Note;
        var result = await staffReplies.SubmitAsync(
            new StaffReplyRequest(decision.Reference, decision.StaffPersonId!, decision.Body, note, StaffCommands.TargetStatus(decision.Command), IfMatch: null, SourceMessageId: email.MessageId,
                MailDetails: SenderAuthentication.Judge(email).Details),
            cancellationToken);
        switch (result)
        {
            case StaffReplyRecorded recorded:
                return recorded.Ticket.Reference;
            case StaffReplyRefused refused:
                logger.LogWarning("{Reference} staff mail not recorded: {Field}: {Why}", decision.Reference, refused.Field, refused.Reason);
                return decision.Reference;
            case StaffReplyClosed:
                logger.LogWarning("{Reference} staff mail not recorded: the ticket is closed", decision.Reference);
                return decision.Reference;
            default:
                return null;
        }
    }

    /// <summary>
    /// Recorded as an internal note by nobody on the roster (<see cref="Actors.UnverifiedMail"/>): staff read it and
    /// decide; it changes no status, reaches no customer, and its <c>#solved</c> is just text.
    /// </summary>
    private async Task<string?> RecordUnverifiedAsync(ParsedEmail email, UnverifiedNote decision, CancellationToken cancellationToken)
    {
        var body = InboundMailArchive.Short(email.NewText.Length > 0 ? email.NewText : email.Text);
        var ticket = await writer.UpdateAsync(decision.Reference, t => t.Ticket.Status != TicketStatus.Closed && t.Ticket.RecordStaffMessage(
            Actors.UnverifiedMail, email.MessageId, body, internalNote: true, moveTo: null, time.GetUtcNow(),
            [("from", email.From.Email), ("subject", email.Subject), (UnverifiedDetail, "true"), ("why", decision.Why), .. SenderAuthentication.Judge(email).Details]), cancellationToken);
        logger.LogWarning("{Reference} mail from a staff address kept as an unverified note", decision.Reference);
        return ticket?.Reference ?? decision.Reference;
    }

    private async Task<string?> RecordBounceAsync(ParsedEmail email, RecordBounce decision, CancellationToken cancellationToken)
    {
        var report = email.Bounce;
        var ticket = await writer.UpdateAsync(decision.Reference, t => t.Ticket.RecordBounce(
            report is { FailedRecipients.Count: > 0 } ? report.FailedRecipients[0] : null, report?.Status, report?.Diagnostic, email.MessageId, time.GetUtcNow()), cancellationToken);
        return ticket?.Reference;
    }
}
