using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Tickets;

namespace Support.Core.Replies;

/// <param name="Author">The roster person id of the staff member; for a note also <c>integration:&lt;key name&gt;</c>.</param>
/// <param name="TargetStatus">Where a reply leaves the ticket; when null, Pending, or Solved for a Solved ticket. Ignored for notes, which change no status.</param>
/// <param name="IfMatch">The ETag the staff member saw (API); null from the mail channel, where the latest state is the right one.</param>
/// <param name="SourceMessageId">The Message-ID of the staff member's mail, when the reply came by mail: a redelivery is recorded once.</param>
/// <param name="MailDetails">What the mail channel recorded about that mail (its sender verdict), kept on the message like a customer's.</param>
public sealed record StaffReplyRequest(
    string Reference,
    string Author,
    string Body,
    bool InternalNote,
    TicketStatus? TargetStatus = null,
    string? IfMatch = null,
    string? SourceMessageId = null,
    IReadOnlyList<(string Key, string? Value)>? MailDetails = null);

public abstract record StaffReplyResult;

/// <param name="ReplyId">The id of the recorded reply or note (timeline detail <c>replyId</c>).</param>
public sealed record StaffReplyRecorded(StoredTicket Stored, string ReplyId, bool Duplicate) : StaffReplyResult
{
    public Ticket Ticket => Stored.Ticket;
}

public sealed record StaffReplyNotFound : StaffReplyResult;

/// <summary>The ticket changed since the ETag the caller presented.</summary>
public sealed record StaffReplyStale(StoredTicket Current) : StaffReplyResult;

public sealed record StaffReplyRefused(string Field, string Reason) : StaffReplyResult;

/// <summary>The ticket is Closed: nothing more is added to it (a follow-up ticket carries the conversation on).</summary>
public sealed record StaffReplyClosed(StoredTicket Current) : StaffReplyResult;

/// <summary>
/// The one way a staff reply or internal note gets onto a ticket, for the staff API and for staff
/// answering from their mailbox alike. It records the message on the timeline (who and when),
/// moves the ticket (a reply: Pending unless told Open or Solved), and queues the mail on
/// <see cref="QueueNames.Outbound"/>; <see cref="ReplyMailer"/> sends it.
/// A <c>staff-reply</c> event is a response for SLA purposes: its <c>response</c> detail is
/// <c>first</c> on the ticket's first one and <c>next</c> after; notes are never responses.
/// </summary>
public sealed class StaffReplies(
    ITicketStore store,
    TicketWriter writer,
    IBlobStore blobs,
    IRosterStore rosters,
    IQueuePublisher queue,
    ReplyMailer outbound,
    TimeProvider time,
    ILogger<StaffReplies> logger)
{
    public const int MaxBodyLength = 64 * 1024;

    public static IReadOnlyList<TicketStatus> ReplyStatuses { get; } = [TicketStatus.Pending, TicketStatus.Open, TicketStatus.Solved];

    public async Task<StaffReplyResult> SubmitAsync(StaffReplyRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body.Trim();
        if (body.Length == 0)
        {
            return new StaffReplyRefused("body", "The body is empty.");
        }

        if (body.Length > MaxBodyLength)
        {
            return new StaffReplyRefused("body", $"The body may be at most {MaxBodyLength} characters.");
        }

        if (request.TargetStatus is { } status && !ReplyStatuses.Contains(status))
        {
            return new StaffReplyRefused("status", "A reply leaves the ticket pending, open or solved.");
        }

        var roster = await rosters.GetAsync(cancellationToken);
        // Customer mail is signed by a person; an integration (a machine with a key) may only add notes.
        var integrationNote = request.InternalNote && request.Author.StartsWith(Actors.IntegrationPrefix, StringComparison.Ordinal);
        if (roster.Find(request.Author) is null && !integrationNote)
        {
            return new StaffReplyRefused("author", request.InternalNote ? "The author is not a person on the roster or an integration." : "Only a person on the roster can reply to a customer.");
        }

        var replyId = ReplyIdFor(request.SourceMessageId);
        string? bodyBlob = null;
        if (body.Length > InboundMailArchive.ShortBodyLimit)
        {
            bodyBlob = await blobs.PutAsync(BlobContainers.Bodies, $"{request.Reference}/replies/{replyId}.txt", BinaryData.FromString(body), "text/plain; charset=utf-8", cancellationToken);
        }

        var closed = false;
        bool Change(Ticket ticket)
        {
            if (ticket.Status == TicketStatus.Closed)
            {
                closed = true;
                return false;
            }

            // A reply leaves the ticket Pending unless told otherwise; a Solved ticket stays Solved unless the staff member reopens it.
            TicketStatus? target = request.InternalNote ? null : request.TargetStatus ?? (ticket.Status == TicketStatus.Solved ? null : TicketStatus.Pending);
            var response = request.InternalNote ? null
                : ticket.Timeline.Any(e => e.Type == TimelineEventTypes.StaffReply) ? "next" : "first";
            return ticket.RecordStaffMessage(request.Author, request.SourceMessageId, InboundMailArchive.Short(body), request.InternalNote, target, time.GetUtcNow(),
                [("replyId", replyId), ("response", response), ("bodyBlob", bodyBlob), .. request.MailDetails ?? []]);
        }

        var recorded = request.IfMatch is null
            ? await UpdateLatestAsync(request.Reference, Change, cancellationToken)
            : await UpdateIfMatchAsync(request.Reference, request.IfMatch, Change, cancellationToken);
        if (recorded is not StaffReplyRecorded { Stored: var stored, Duplicate: var duplicate })
        {
            return recorded;
        }

        var ticket = stored.Ticket;
        if (closed)
        {
            logger.LogInformation("{Reference} is closed: {What} by {Author} refused", ticket.Reference, request.InternalNote ? "note" : "staff reply", request.Author);
            return new StaffReplyClosed(stored);
        }

        // A mail redelivered after the reply was recorded queues it again: sending is exactly-once by the ticket's mail claim.
        var id = duplicate
            ? ticket.Timeline.LastOrDefault(e => e.Details.GetValueOrDefault("messageId") == request.SourceMessageId)?.Details.GetValueOrDefault("replyId") ?? replyId
            : replyId;
        if (!request.InternalNote)
        {
            await HandOnAsync(ticket.Reference, id, cancellationToken);
        }

        logger.LogInformation("{Reference} {What} by {Author}{Duplicate}", ticket.Reference, request.InternalNote ? "note" : "staff reply", request.Author, duplicate ? " (already recorded)" : string.Empty);
        return new StaffReplyRecorded(stored, id, duplicate);
    }

    /// <summary>
    /// Queues the recorded reply for mail. When the queue refuses, the reply is mailed in process
    /// instead: recorded and never queued, it would sit on the ticket as answered while the customer
    /// heard nothing, and a retry by the staff member would record it twice.
    /// </summary>
    private async Task HandOnAsync(string reference, string replyId, CancellationToken cancellationToken)
    {
        try
        {
            await queue.PublishAsync(
                QueueNames.Outbound,
                MessageCodec.Encode(OutboundReplyMessage.For(reference, replyId), SupportJson.Default.OutboundReplyMessage),
                messageId: $"{reference}:reply:{replyId}",
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Reference} staff reply {Reply} could not be queued ({Error}); mailing it now", reference, replyId, ex.Message);
            var outcome = await outbound.SendReplyAsync(reference, replyId, cancellationToken);
            if (!outcome.Completed)
            {
                throw new InvalidOperationException($"{reference}: staff reply {replyId} could not be mailed: {outcome.PoisonReason}", ex);
            }
        }
    }

    private async Task<StaffReplyResult> UpdateLatestAsync(string reference, Func<Ticket, bool> change, CancellationToken cancellationToken)
    {
        var changed = false;
        var ticket = await writer.UpdateAsync(reference, t => changed = change(t.Ticket), cancellationToken);
        return ticket is null ? new StaffReplyNotFound() : new StaffReplyRecorded(ticket, string.Empty, Duplicate: !changed);
    }

    private async Task<StaffReplyResult> UpdateIfMatchAsync(string reference, string etag, Func<Ticket, bool> change, CancellationToken cancellationToken)
    {
        var ticket = await store.LoadAsync(reference, cancellationToken);
        if (ticket is null)
        {
            return new StaffReplyNotFound();
        }

        if (!string.Equals(ticket.ETag, etag, StringComparison.Ordinal))
        {
            return new StaffReplyStale(ticket);
        }

        if (!change(ticket.Ticket))
        {
            return new StaffReplyRecorded(ticket, string.Empty, Duplicate: true);
        }

        try
        {
            await writer.SaveAsync(ticket, cancellationToken);
            return new StaffReplyRecorded(ticket, string.Empty, Duplicate: false);
        }
        catch (ConcurrencyConflictException)
        {
            var current = await store.LoadAsync(reference, cancellationToken);
            return current is null ? new StaffReplyNotFound() : new StaffReplyStale(current);
        }
    }

    /// <summary>From the staff member's Message-ID when there is one, so a redelivered mail names the same reply.</summary>
    private static string ReplyIdFor(string? sourceMessageId) => sourceMessageId is null
        ? Guid.CreateVersion7().ToString("N")
        : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sourceMessageId)))[..32].ToLowerInvariant();
}
