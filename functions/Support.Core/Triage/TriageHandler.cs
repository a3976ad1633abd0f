using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;

namespace Support.Core.Triage;

/// <summary>
/// Turns an accepted inquiry into a triaged ticket, stored already assigned (in the same delivery,
/// so assignment needs no read and no queue hop of its own).
/// </summary>
public sealed class TriageHandler(
    IBlobStore blobs,
    ITriageEngine engine,
    AssignmentHandler assignment,
    TimeProvider time,
    ILogger<TriageHandler> logger) : IQueueHandler
{
    public string Queue => QueueNames.Inquiries;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.InquiryMessage, InquiryMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        var inquiry = message.Inquiry;
        if (!TicketReference.IsValid(inquiry.Reference))
        {
            return MessageOutcome.Poison("the inquiry has no valid reference");
        }

        SupportTelemetry.Ticket(inquiry.Reference);

        // Classifying makes no storage call and the create is conditional, so a redelivery costs no extra read.
        var text = await IntakeHandler.ReadBodyAsync(inquiry, blobs, cancellationToken);
        var result = await engine.ClassifyAsync(new TriageInput(
            inquiry.Channel, inquiry.Subject, text, inquiry.DeclaredSeverity, inquiry.Requester.Email, inquiry.Attributes), cancellationToken);

        var now = time.GetUtcNow();
        var ticket = Ticket.Open(inquiry, now);
        ticket.ApplyTriage(result, now);
        var (created, outcome) = await assignment.CreateAssignedAsync(ticket, cancellationToken);
        if (created)
        {
            logger.LogInformation(
                "{Reference} triaged as {Category} {Severity}",
                inquiry.Reference, WireNames.Of(result.Category), WireNames.Of(result.Severity));
        }

        return outcome;
    }
}
