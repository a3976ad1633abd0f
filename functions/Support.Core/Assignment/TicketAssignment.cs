using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Assignment;

/// <summary>
/// Assigning a stored ticket (one triage stored without an owner, a reopened one, a redelivery) and
/// sending the mails that go with it: read the roster and the chosen owner's workload, decide
/// (<see cref="TicketDecisions.Assign"/>), write (<see cref="TicketWriter"/>), send (<see cref="MailOutbox"/>).
/// Safe to repeat: a repeat finds the owner and the mails recorded, and does nothing.
/// </summary>
public sealed class TicketAssignment(
    TicketWriter writer,
    IRosterStore rosters,
    IAssignmentPolicy policy,
    TicketDecisions decisions,
    MailOutbox outbox,
    TimeProvider time,
    ILogger<TicketAssignment> logger)
{
    /// <summary>Assigns the ticket unless it has an owner (and was not reopened since), then sends the mails it is owed.</summary>
    public async Task<MessageOutcome> AssignAsync(string reference, CancellationToken cancellationToken)
    {
        SupportTelemetry.Ticket(reference);
        var roster = await rosters.GetAsync(cancellationToken);
        AssignmentPlan? plan = null;
        var ticket = await writer.UpdateAsync(reference, async (t, ct) =>
        {
            var now = time.GetUtcNow();
            var decision = TicketDecisions.NeedsOwner(t) ? await policy.ChooseAsync(t, roster, now, ct) : null;
            var inquiry = t.Assignee is null && decision is null ? null : await outbox.InquiryForAsync(t, ct);
            plan = decisions.Assign(t, decision, inquiry, roster, now);
            return plan.Changed;
        }, cancellationToken);
        return ticket is null
            ? MessageOutcome.Poison($"ticket {reference} does not exist")
            : await FinishAsync(ticket, plan!, cancellationToken);
    }

    /// <summary>Once <paramref name="saved"/> is stored as <paramref name="plan"/> left it: sends the mails it claimed.</summary>
    public async Task<MessageOutcome> FinishAsync(Ticket saved, AssignmentPlan plan, CancellationToken cancellationToken)
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

        await outbox.SendAsync(saved, plan.Mails, cancellationToken);
        return MessageOutcome.Done;
    }
}
