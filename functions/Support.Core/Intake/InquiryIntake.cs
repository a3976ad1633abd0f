using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;

namespace Support.Core.Intake;

/// <summary>
/// Accepts a normalized inquiry from any channel: allocates its reference, stores it and puts it
/// on the intake queue. It returns only once both are done, so whoever submitted it can be told
/// "received" truthfully; a retry of the same inquiry gets the same reference and no second ticket.
/// </summary>
public sealed class InquiryIntake(
    ITicketStore store,
    IBlobStore blobs,
    IQueuePublisher queue,
    TimeProvider time,
    ILogger<InquiryIntake> logger)
{
    /// <summary>Bodies longer than this go to blob storage, keeping table rows and queue messages small.</summary>
    public const int InlineBodyLimit = 16 * 1024;

    private const int MaxReferenceAttempts = 8;

    public async Task<IntakeResult> AcceptAsync(InquirySubmission submission, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        for (var attempt = 0; attempt < MaxReferenceAttempts; attempt++)
        {
            var reference = TicketReference.Derive(submission.DedupeKey, attempt);
            var inquiry = await BuildAsync(submission, reference, now, cancellationToken);
            var outcome = await store.StoreInquiryAsync(inquiry, cancellationToken);
            switch (outcome.Status)
            {
                case InquiryStoreStatus.Stored:
                    await HandOnAsync(inquiry, compensate: true, cancellationToken);
                    logger.LogInformation("{Reference} accepted from {Channel}", reference, WireNames.Of(submission.Channel));
                    SupportMetrics.Accept(WireNames.Of(submission.Channel));
                    SupportTelemetry.Ticket(reference);
                    return new IntakeResult(reference, Duplicate: false);

                case InquiryStoreStatus.Duplicate:
                    // The first attempt may have died between storing and queueing: queue again unless its
                    // ticket exists (every later step is idempotent, so a needless re-queue only costs work).
                    if (await store.GetAsync(reference, cancellationToken) is null)
                    {
                        await HandOnAsync(outcome.Existing!, compensate: false, cancellationToken);
                    }

                    logger.LogInformation("{Reference} received again from {Channel}; same inquiry", reference, WireNames.Of(submission.Channel));
                    return new IntakeResult(reference, Duplicate: true);

                case InquiryStoreStatus.Clash:
                    logger.LogWarning("{Reference} is taken by another inquiry; trying the next reference", reference);
                    continue;
            }
        }

        throw new InvalidOperationException($"No free reference after {MaxReferenceAttempts} attempts.");
    }

    private async Task<Inquiry> BuildAsync(InquirySubmission submission, string reference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = submission.Body;
        string? bodyBlob = null;
        if (body.Length > InlineBodyLimit)
        {
            bodyBlob = await blobs.PutAsync(BlobContainers.Bodies, $"{reference}/inquiry.txt", BinaryData.FromString(body), "text/plain; charset=utf-8", cancellationToken);
            body = string.Empty;
        }

        return new Inquiry
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Reference = reference,
            Channel = submission.Channel,
            ReceivedAt = now,
            Requester = submission.Requester,
            Subject = submission.Subject,
            Body = body,
            BodyBlob = bodyBlob,
            Region = submission.Region,
            SourceId = submission.DedupeKey,
            DeclaredSeverity = submission.DeclaredSeverity,
            Product = submission.Product,
            Language = CustomerLanguage.Choose(submission.Language, submission.Subject + "\n" + submission.Body),
            Participants = submission.Participants,
            Attributes = submission.Attributes,
        };
    }

    private async Task HandOnAsync(Inquiry inquiry, bool compensate, CancellationToken cancellationToken)
    {
        try
        {
            await queue.PublishAsync(
                QueueNames.Inquiries,
                MessageCodec.Encode(InquiryMessage.For(inquiry), SupportJson.Default.InquiryMessage),
                messageId: inquiry.Reference,
                cancellationToken);
        }
        catch (Exception ex) when (compensate && ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Reference} could not be queued; withdrawing it so the sender's retry starts clean", inquiry.Reference);
            try
            {
                await store.DeleteInquiryAsync(inquiry.Reference, CancellationToken.None);
            }
            catch (Exception cleanup) when (cleanup is not OperationCanceledException)
            {
                // A stored inquiry that was never queued is picked up again by the sender's retry (same reference).
                logger.LogError(cleanup, "{Reference} could not be withdrawn either", inquiry.Reference);
            }

            throw new StorageUnavailableException("The intake queue is unavailable.", ex);
        }
    }

    /// <summary>The body text of an inquiry, from the blob when it was too long to inline.</summary>
    public static async Task<string> ReadBodyAsync(Inquiry inquiry, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (inquiry.BodyBlob is null)
        {
            return inquiry.Body;
        }

        var data = await blobs.GetAsync(BlobContainers.Bodies, inquiry.BodyBlob, cancellationToken);
        return data is null ? string.Empty : Encoding.UTF8.GetString(data.ToMemory().Span);
    }
}
