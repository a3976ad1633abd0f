using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Roster;
using Support.Core.Sla;

namespace Support.Core.Tickets;

/// <summary>The owner the assignment policy chose (null when the roster has nobody for the role) from this roster snapshot.</summary>
public sealed record AssignmentChoice(AssignmentDecision? Decision, RosterDocument Roster);

/// <summary>What assigning a ticket did to it: the owner it gave (if it gave one) and the mails it claimed (null when nobody owns it).</summary>
public sealed record AssignmentPlan(AssignmentDecision? Decision, OwedMails? Mails)
{
    /// <summary>True when the ticket changed and must be saved.</summary>
    public bool Changed => Decision is not null || Mails?.ClaimedAny == true;
}

/// <summary>
/// A new ticket and everything that follows from it, decided before anything is written: the ticket
/// (triaged, assigned, its owed mails claimed), the plan the outbox sends from, and the index changes
/// the writer applies before the ticket. <see cref="Plan"/> is null when no owner could be chosen
/// (the roster or the workload could not be read): the ticket is stored as it is and assigned later.
/// </summary>
public sealed record TicketOpening(Ticket Ticket, AssignmentPlan? Plan, TicketIndexChanges Indexes);

/// <summary>
/// The pure steps of the ticket flow: from what was read (the inquiry, its triage, the owner chosen
/// from a roster snapshot, the clock) to what must be written and sent. No I/O happens here; the
/// queue consumers read the inputs, <see cref="TicketWriter"/> writes the result, and
/// <see cref="MailOutbox"/> sends the mails it owes.
/// </summary>
public sealed class TicketDecisions(SlaEngine sla, OwedMailRules mails)
{
    /// <summary>True when the ticket goes (back) through assignment: it has no owner, or it was reopened since it was assigned.</summary>
    public static bool NeedsOwner(Ticket ticket) => ticket.Assignee is null || PreviousOwner.ReopenedSinceAssigned(ticket);

    /// <summary>The ticket an inquiry opens, with its triage applied: what the assignment policy chooses an owner for.</summary>
    public static Ticket Triaged(Inquiry inquiry, TriageResult triage, DateTimeOffset now)
    {
        var ticket = Ticket.Open(inquiry, now);
        ticket.ApplyTriage(triage, now);
        return ticket;
    }

    /// <summary>
    /// Opens <paramref name="triaged"/> (from <see cref="Triaged"/>): assigns it as <paramref name="choice"/> says and
    /// claims its owed mails (unless no choice could be made), then works out its SLA targets and index changes.
    /// </summary>
    public TicketOpening Open(Ticket triaged, Inquiry inquiry, AssignmentChoice? choice, DateTimeOffset now)
    {
        var plan = choice is null
            ? null
            : Assign(triaged, choice.Decision, triaged.Channel == Channel.Email ? inquiry : null, choice.Roster, now);
        return new TicketOpening(triaged, plan, TicketIndexChanges.Follow(triaged, sla, now));
    }

    /// <summary>
    /// Gives <paramref name="ticket"/> the owner <paramref name="decision"/> names (and the manager's attention when it
    /// says so), then claims the mails the ticket is owed now. The caller saves.
    /// </summary>
    /// <param name="inquiry">An email ticket's inquiry (its acknowledgement answers the customer's mail); null otherwise.</param>
    public AssignmentPlan Assign(Ticket ticket, AssignmentDecision? decision, Inquiry? inquiry, RosterDocument roster, DateTimeOffset now)
    {
        if (decision is not null)
        {
            ticket.Assign(decision.Person.Id, decision.Reason, Actors.System, now);
            if (decision.ManagerReason is { } attention)
            {
                // Kept on the ticket: the manager's alert reads it from there.
                ticket.Append(now, TimelineEventTypes.ManagerAttention, Actors.System, ("why", attention));
            }
        }

        return new AssignmentPlan(decision, ticket.Assignee is null ? null : mails.Claim(ticket, inquiry, roster, now));
    }
}
