using Support.Core.Assignment;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Engineering;
using Support.Core.Notifications;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Voice;

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
public sealed record TicketOpening(StoredTicket Stored, AssignmentPlan? Plan, TicketIndexChanges Indexes);

/// <summary>
/// The pure steps of the ticket flow: from what was read (the inquiry, its triage, the owner chosen
/// from a roster snapshot, the clock) to what must be written and sent. No I/O happens here; the
/// queue consumers read the inputs, <see cref="TicketWriter"/> writes the result, and
/// <see cref="MailOutbox"/> sends the mails it owes.
/// </summary>
public sealed class TicketDecisions(SlaEngine sla, OwedMailRules mails, IOptions<GitHubOptions>? github = null)
{
    /// <summary>True when the ticket goes (back) through assignment: it has no owner, or it was reopened since it was assigned.</summary>
    public static bool NeedsOwner(Ticket ticket) => ticket.Assignee is null || PreviousOwner.ReopenedSinceAssigned(ticket);

    /// <summary>
    /// A call someone answered belongs to them: the person the voice inquiry names in
    /// <see cref="DialStatusRoute.AnsweredByAttribute"/>, while they are on the roster. Null for any other
    /// inquiry, which the assignment policy decides.
    /// </summary>
    public static AssignmentDecision? AnsweredCall(Inquiry? inquiry, RosterDocument roster) =>
        inquiry is { Channel: Channel.Voice }
        && inquiry.Attributes.TryGetValue(DialStatusRoute.AnsweredByAttribute, out var personId)
        && roster.Find(personId) is { } person
            ? new AssignmentDecision(person, "answered the call")
            : null;

    /// <summary>
    /// The ticket an inquiry opens, with its triage applied (a booking's completed by what it booked,
    /// <see cref="Bookings.SessionTickets.Settle"/>): what the assignment policy chooses an owner for.
    /// </summary>
    public static Ticket Triaged(Inquiry inquiry, TriageResult triage, DateTimeOffset now)
    {
        var ticket = Ticket.Open(inquiry, now);
        ticket.ApplyTriage(Bookings.SessionTickets.Settle(inquiry, triage), now);
        return ticket;
    }

    /// <summary>
    /// Opens <paramref name="triaged"/> (from <see cref="Triaged"/>): assigns it as <paramref name="choice"/> says and
    /// claims its owed mails (unless no choice could be made), then works out its SLA targets and index changes.
    /// </summary>
    public TicketOpening Open(Ticket triaged, Inquiry inquiry, AssignmentChoice? choice, DateTimeOffset now)
    {
        OweEngineering(triaged, now);
        var opened = StoredTicket.New(triaged);
        var plan = choice is null
            ? null
            : Assign(opened, choice.Decision, triaged.Channel == Channel.Email ? inquiry : null, choice.Roster, now);
        return new TicketOpening(opened, plan, TicketIndexChanges.Follow(opened, sla, now));
    }

    /// <summary>
    /// A technical ticket of a severity configured to (<see cref="GitHubOptions.AutoFileSeverities"/>, S1 and S2 by
    /// default) owes a GitHub issue in the default repository as soon as it is triaged; the engineering queue files it.
    /// </summary>
    public void OweEngineering(Ticket triaged, DateTimeOffset now)
    {
        if (github?.Value is { Enabled: true } settings && triaged.Category == Category.Technical && settings.FilesAutomatically(triaged.Severity))
        {
            triaged.OweGitHubIssue(settings.DefaultRepository, Actors.System, $"{WireNames.Of(triaged.Severity)} technical ticket: logged for engineering once triaged", now);
        }
    }

    /// <summary>
    /// Gives <paramref name="ticket"/> the owner <paramref name="decision"/> names (and the manager's attention when it
    /// says so), then claims the mails the ticket is owed now. The caller saves.
    /// </summary>
    /// <param name="inquiry">An email ticket's inquiry (its acknowledgement answers the customer's mail); null otherwise.</param>
    public AssignmentPlan Assign(StoredTicket stored, AssignmentDecision? decision, Inquiry? inquiry, RosterDocument roster, DateTimeOffset now)
    {
        var ticket = stored.Ticket;
        if (decision is not null)
        {
            ticket.Assign(decision.Person.Id, decision.Reason, Actors.System, now);
            stored.AssignedWithinCap = decision.WithinCap;
            if (decision.ManagerReason is { } attention)
            {
                // Kept on the ticket: the manager's alert reads it from there.
                ticket.Append(now, TimelineEventTypes.ManagerAttention, Actors.System, ("why", attention));
            }
        }

        return new AssignmentPlan(decision, ticket.Assignee is null ? null : mails.Claim(stored, inquiry, roster, now));
    }
}
