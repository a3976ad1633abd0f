using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Assignment;

/// <summary>
/// Assigning a stored ticket (one triage stored without an owner, a reopened one, a redelivery) and
/// sending the mails that go with it: read the roster, a voice ticket's inquiry (who answered the call,
/// <see cref="TicketDecisions.AnsweredCall"/>; a booking's ticket goes to the session's giver,
/// <see cref="Bookings.SessionTickets.Giver"/>) and otherwise the chosen owner's workload, decide
/// (<see cref="TicketDecisions.Assign"/>), write (<see cref="TicketWriter"/>), send (<see cref="MailOutbox"/>).
/// Safe to repeat: a repeat finds the owner and the mails recorded, and does nothing.
/// </summary>
public sealed class TicketAssignment(
    ITicketStore store,
    TicketWriter writer,
    IRosterStore rosters,
    IAssignmentPolicy policy,
    TicketDecisions decisions,
    MailOutbox outbox,
    TimeProvider time)
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
            var needsOwner = TicketDecisions.NeedsOwner(t.Ticket);
            var call = needsOwner && t.Ticket.Channel == Channel.Voice ? await store.GetInquiryAsync(t.Reference, ct) : null;
            var decision = needsOwner ? TicketDecisions.AnsweredCall(call, roster) ?? Bookings.SessionTickets.Giver(t.Ticket, roster) ?? await policy.ChooseAsync(t.Ticket, roster, now, ct) : null;
            var inquiry = t.Ticket.Assignee is null && decision is null ? null : await outbox.InquiryForAsync(t.Ticket, ct);
            plan = decisions.Assign(t, decision, inquiry, roster, now);
            return plan.Changed;
        }, cancellationToken);
        return ticket is null
            ? MessageOutcome.Poison($"ticket {reference} does not exist")
            : await outbox.SendOwedAsync(ticket, plan!, cancellationToken);
    }
}
