using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Bookings;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Triage;

/// <summary>
/// The inquiries queue's consumer: turns an accepted inquiry into a ticket stored already triaged,
/// assigned and with its mails claimed, in one write, then sends those mails. Read (the body, the
/// roster, the chosen owner's workload), decide (<see cref="TicketDecisions.Open"/>), write
/// (<see cref="TicketWriter"/>), send (<see cref="MailOutbox"/>).
/// </summary>
public sealed class TriageHandler(
    IBlobStore blobs,
    ITriageEngine engine,
    IRosterStore rosters,
    IAssignmentPolicy policy,
    TicketDecisions decisions,
    TicketWriter writer,
    MailOutbox outbox,
    TicketAssignment assignment,
    IQueuePublisher queue,
    TimeProvider time,
    ILogger<TriageHandler> logger) : IQueueHandler
{
    private const int MaxChoices = 5;

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
        var text = await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken);
        var result = await engine.ClassifyAsync(SessionTickets.TriageInputOf(inquiry, text), cancellationToken);

        var now = time.GetUtcNow();
        TicketOpening opening;
        TicketCreation creation;
        for (var choice = 1; ; choice++)
        {
            var triaged = TicketDecisions.Triaged(inquiry, result, now);
            opening = decisions.Open(triaged, inquiry, await ChooseOwnerAsync(triaged, inquiry, now, cancellationToken), now);
            try
            {
                // Stored already assigned and with its mails claimed: no read, no second write and no queue hop for assignment.
                creation = await writer.CreateAsync(opening.Stored, opening.Indexes, whileInquiryStored: true, cancellationToken);
                break;
            }
            catch (WorkloadCapReachedException) when (choice < MaxChoices)
            {
                // Another assignment took the chosen person's last place since their load was read; the next
                // choice reads it from storage. Past the last try the delivery fails and is retried.
            }
        }
        if (creation == TicketCreation.InquiryWithdrawn)
        {
            logger.LogWarning("{Reference} not created: intake withdrew its inquiry (the sender was answered 503)", inquiry.Reference);
            return MessageOutcome.Done;
        }

        var created = creation == TicketCreation.Created;
        if (created)
        {
            logger.LogInformation(
                "{Reference} triaged as {Category} {Severity}",
                inquiry.Reference, WireNames.Of(opening.Stored.Ticket.Category), WireNames.Of(opening.Stored.Ticket.Severity));
        }

        if (opening.Stored.Ticket.GitHub is { Pending: true })
        {
            // Its own queue: GitHub being down or rate-limited never holds up the ticket or its mails.
            await queue.PublishAsync(
                QueueNames.Engineering,
                MessageCodec.Encode(EngineeringMessage.For(inquiry.Reference), SupportJson.Default.EngineeringMessage),
                messageId: EngineeringMessage.IdFor(inquiry.Reference),
                cancellationToken);
        }

        if (opening.Plan is not { } plan)
        {
            // Triage's work is kept (staff see the ticket); its assignment is retried, and kept for replay, on its own.
            await queue.PublishAsync(
                QueueNames.Assignments,
                MessageCodec.Encode(AssignmentMessage.For(inquiry.Reference), SupportJson.Default.AssignmentMessage),
                messageId: $"{inquiry.Reference}:assign",
                cancellationToken);
            return MessageOutcome.Done;
        }

        // A redelivery finds the ticket stored: it finishes whatever the earlier delivery left undone.
        return created
            ? await outbox.SendOwedAsync(opening.Stored, plan, cancellationToken)
            : await assignment.AssignAsync(inquiry.Reference, cancellationToken);
    }

    /// <summary>
    /// The owner for a new ticket: whoever answered the call (<see cref="TicketDecisions.AnsweredCall"/>) or gives the
    /// booked session (<see cref="SessionTickets.Giver"/>), or else the assignment policy's choice; null when the roster
    /// or the workload could not be read.
    /// </summary>
    private async Task<AssignmentChoice?> ChooseOwnerAsync(Ticket triaged, Inquiry inquiry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var roster = await rosters.GetAsync(cancellationToken);
            var decision = TicketDecisions.AnsweredCall(inquiry, roster) ?? SessionTickets.Giver(triaged, roster) ?? await policy.ChooseAsync(triaged, roster, now, cancellationToken);
            return new AssignmentChoice(decision, roster);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Reference} could not be assigned in triage; it is stored without an owner and its assignment queued on its own: {Error}", triaged.Reference, ex.Message);
            return null;
        }
    }
}
