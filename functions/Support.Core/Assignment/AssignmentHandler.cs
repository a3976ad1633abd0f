using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Assignment;

/// <summary>
/// Gives a triaged ticket its owner and sends the mails that go with it (the requester's
/// acknowledgement, the assignee's notice, the manager's alert). The mails are claimed in the same
/// write as the assignment, and a new ticket is stored already assigned, so a new ticket costs one
/// write for all three and no queue hop of its own.
/// </summary>
public sealed class AssignmentHandler(
    TicketWriter writer,
    IRosterStore rosters,
    IAssignmentPolicy policy,
    NotificationHandler notifications,
    IQueuePublisher queue,
    TimeProvider time,
    ILogger<AssignmentHandler> logger) : IQueueHandler
{
    public string Queue => QueueNames.Assignments;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.AssignmentMessage, AssignmentMessage.CurrentVersion);
        return decoded.Message is { } message
            ? await AssignAsync(message.Reference, cancellationToken)
            : MessageOutcome.Poison(decoded.PoisonReason!);
    }

    /// <summary>
    /// Stores a ticket triage just made, already assigned and with its mails claimed, in one write;
    /// then sends the mails. When the ticket exists already (a redelivery), finishes whatever the
    /// earlier delivery left undone instead. When assigning fails, triage's work is kept: the ticket
    /// is stored as it is, so staff see it, and its assignment goes to the assignments queue, to be
    /// retried (and kept there for replay) on its own. Nothing is stored for an inquiry intake
    /// withdrew. <c>Created</c> says whether this stored the ticket.
    /// </summary>
    public async Task<(bool Created, MessageOutcome Outcome)> CreateAssignedAsync(Ticket fresh, CancellationToken cancellationToken)
    {
        Plan? plan;
        try
        {
            plan = await PlanAsync(fresh, await rosters.GetAsync(cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Reference} could not be assigned in triage; it is stored without an owner and its assignment queued on its own: {Error}", fresh.Reference, ex.Message);
            plan = null;
        }

        var creation = await writer.CreateAsync(fresh, whileInquiryStored: true, cancellationToken);
        if (creation == TicketCreation.InquiryWithdrawn)
        {
            logger.LogWarning("{Reference} not created: intake withdrew its inquiry (the sender was answered 503)", fresh.Reference);
            return (false, MessageOutcome.Done);
        }

        var created = creation == TicketCreation.Created;
        if (plan is null)
        {
            await queue.PublishAsync(
                QueueNames.Assignments,
                MessageCodec.Encode(AssignmentMessage.For(fresh.Reference), SupportJson.Default.AssignmentMessage),
                messageId: $"{fresh.Reference}:assign",
                cancellationToken);
            return (created, MessageOutcome.Done);
        }

        return created
            ? (true, await FinishAsync(fresh, plan, cancellationToken))
            : (false, await AssignAsync(fresh.Reference, cancellationToken));
    }

    /// <summary>
    /// Assigns the ticket unless it has an owner (and was not reopened since), then sends the mails
    /// it is owed. Safe to repeat: a repeat finds the owner and the mails recorded, and does nothing.
    /// </summary>
    public async Task<MessageOutcome> AssignAsync(string reference, CancellationToken cancellationToken)
    {
        SupportTelemetry.Ticket(reference);
        var roster = await rosters.GetAsync(cancellationToken);
        Plan? plan = null;
        var ticket = await writer.UpdateAsync(reference, async (t, ct) => (plan = await PlanAsync(t, roster, ct)).Changed, cancellationToken);
        return ticket is null
            ? MessageOutcome.Poison($"ticket {reference} does not exist")
            : await FinishAsync(ticket, plan!, cancellationToken);
    }

    /// <summary>Assigns <paramref name="ticket"/> in hand when it needs an owner, and claims the mails it is owed; the caller saves.</summary>
    private async Task<Plan> PlanAsync(Ticket ticket, RosterDocument roster, CancellationToken cancellationToken)
    {
        AssignmentDecision? decision = null;
        if (ticket.Assignee is null || PreviousOwner.ReopenedSinceAssigned(ticket))
        {
            var now = time.GetUtcNow();
            decision = await policy.ChooseAsync(ticket, roster, now, cancellationToken);
            if (decision is not null)
            {
                ticket.Assign(decision.Person.Id, decision.Reason, Actors.System, now);
                if (decision.ManagerReason is { } attention)
                {
                    // Kept on the ticket: the manager's alert reads it from there.
                    ticket.Append(now, TimelineEventTypes.ManagerAttention, Actors.System, ("why", attention));
                }
            }
        }

        var mails = ticket.Assignee is null ? null : await notifications.ClaimOwedAsync(ticket, cancellationToken);
        return new Plan(decision, mails);
    }

    private async Task<MessageOutcome> FinishAsync(Ticket saved, Plan plan, CancellationToken cancellationToken)
    {
        if (saved.Assignee is null || plan.Mails is null)
        {
            // Nobody in the roster for this role: a configuration fault that a retry will not fix by itself,
            // but the message is kept (poison queue) so it can be replayed once the roster is fixed.
            logger.LogError("{Reference} has no possible owner: the roster covers no {Role}", saved.Reference, WireNames.Of(Routing.RoleFor(saved.Category)));
            return MessageOutcome.Poison("no one in the roster can own this ticket");
        }

        if (plan.Decision is { } decision)
        {
            logger.LogInformation("{Reference} assigned to {Assignee} ({Why})", saved.Reference, saved.Assignee, decision.Reason);
            SupportMetrics.Assigned((saved.AssignedAt ?? saved.UpdatedAt) - saved.CreatedAt);
        }

        await notifications.SendClaimedAsync(saved, plan.Mails, cancellationToken);
        return MessageOutcome.Done;
    }

    private sealed record Plan(AssignmentDecision? Decision, NotificationHandler.OwedMails? Mails)
    {
        public bool Changed => Decision is not null || Mails?.ClaimedAny == true;
    }
}
