using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Assignment;

/// <summary>
/// Who had a ticket before: its own last assignee (a reopened ticket), or the assignee of the
/// ticket it follows up (a customer writing again after a ticket was closed).
/// </summary>
public static class PreviousOwner
{
    /// <summary>The inquiry attribute naming the reference of the ticket a follow-up continues; set by the channel that recognises it.</summary>
    public const string FollowUpOfAttribute = "followUpOf";

    public static async Task<string?> FindAsync(Ticket ticket, ITicketStore store, CancellationToken cancellationToken)
    {
        var own = ticket.Assignee ?? LastAssigneeOnTimeline(ticket);
        if (own is not null)
        {
            return own;
        }

        // The ticket keeps, on its received event, which ticket its inquiry follows up: no read of the inquiry per assignment.
        var received = ticket.Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.Received);
        if (received?.Details.GetValueOrDefault(FollowUpOfAttribute) is not { Length: > 0 } earlier
            || string.Equals(earlier, ticket.Reference, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var previous = await store.GetAsync(earlier, cancellationToken);
        return previous?.Assignee ?? (previous is null ? null : LastAssigneeOnTimeline(previous));
    }

    /// <summary>
    /// True when the ticket was reopened (Solved back to Open) after it was last assigned: it then
    /// goes through assignment again, back to its owner if they are working, else to whoever is.
    /// </summary>
    public static bool ReopenedSinceAssigned(Ticket ticket)
    {
        for (var i = ticket.Timeline.Count - 1; i >= 0; i--)
        {
            var e = ticket.Timeline[i];
            if (e.Type == TimelineEventTypes.Assigned)
            {
                return false;
            }

            if (e.Type == TimelineEventTypes.StatusChanged
                && e.Details.GetValueOrDefault("from") == WireNames.Of(TicketStatus.Solved)
                && e.Details.GetValueOrDefault("to") == WireNames.Of(TicketStatus.Open))
            {
                return true;
            }
        }

        return false;
    }

    private static string? LastAssigneeOnTimeline(Ticket ticket) =>
        ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Assigned)?.Details.GetValueOrDefault("assignee");
}
