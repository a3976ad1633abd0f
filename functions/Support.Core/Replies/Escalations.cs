using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Core.Replies;

/// <summary>
/// One-step escalation to technical support, from the console's "Escalate" or the stream message's button in Slack, and
/// Slack's "Take it": the ticket goes to the technical person on duty (or, when that is who has it already or nobody is,
/// the next eligible technical person) with an <c>escalated</c> event naming who escalated it and why. Escalating a
/// ticket its escalation's technical owner still has changes nothing, so a second click (or Slack retrying) is harmless.
/// The stream message is updated and both people are told by the chat (<see cref="Chat.TicketStream"/>).
/// </summary>
public sealed class Escalations(ITicketStore store, TicketWriter writer, IRosterStore rosters, TimeProvider time, ILogger<Escalations> logger)
{
    /// <summary>Escalates the ticket on version <paramref name="ifMatch"/>; null (Slack's buttons carry no version) applies it to the current one.</summary>
    public async Task<TicketChangeResult> EscalateAsync(string reference, string? ifMatch, string actor, string? why, CancellationToken cancellationToken)
    {
        var roster = await rosters.GetAsync(cancellationToken);
        var reason = string.IsNullOrWhiteSpace(why) ? "needs technical support" : why.Trim()[..Math.Min(why.Trim().Length, 500)];
        return await ChangeAsync(reference, ifMatch, ticket => Escalate(ticket, roster, actor, reason, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Gives the ticket to <paramref name="personId"/> (Slack's "Take it"); taking a ticket one has changes nothing.</summary>
    public Task<TicketChangeResult> TakeAsync(string reference, string personId, CancellationToken cancellationToken) =>
        ChangeAsync(reference, null, ticket =>
        {
            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketChanges.ClosedExplanation(ticket.Reference);
            }

            if (!string.Equals(ticket.Assignee, personId, StringComparison.OrdinalIgnoreCase))
            {
                ticket.Assign(personId, "taken by staff in Slack", personId, time.GetUtcNow());
            }

            return null;
        }, cancellationToken);

    /// <summary>The escalation on the ticket, or why there is none (null when it was made, or is made already).</summary>
    public static string? Escalate(Ticket ticket, RosterDocument roster, string actor, string why, DateTimeOffset now)
    {
        if (ticket.Status == TicketStatus.Closed)
        {
            return TicketChanges.ClosedExplanation(ticket.Reference);
        }

        var current = ticket.Assignee;
        var last = ticket.Timeline.LastOrDefault(e => e.Type == TimerEventTypes.Escalated);
        if (last is not null && string.Equals(last.Details.GetValueOrDefault("to"), current, StringComparison.OrdinalIgnoreCase)
            && roster.Find(current) is { } holder && holder.Roles.Contains(SupportRole.Technical))
        {
            return null;
        }

        var onDuty = OnDuty.For(roster, SupportRole.Technical, now);
        var target = onDuty is not null && !string.Equals(onDuty.Id, current, StringComparison.OrdinalIgnoreCase)
            ? onDuty
            : Escalation.NextTechnical(roster, current, now);
        if (target is null)
        {
            return "Nobody on the roster does technical support, so there is nobody to escalate to.";
        }

        ticket.Assign(target.Id, $"escalated by {actor}: {why}", actor, now);
        ticket.Append(now, TimerEventTypes.Escalated, actor, ("from", current), ("to", target.Id), ("by", actor), ("why", why));
        return null;
    }

    private async Task<TicketChangeResult> ChangeAsync(string reference, string? ifMatch, Func<Ticket, string?> change, CancellationToken cancellationToken)
    {
        var (stored, unchangeable) = await TicketToChange.LoadAsync(store, reference, ifMatch, cancellationToken);
        if (stored is null)
        {
            return unchangeable!;
        }

        string? refused = null;
        try
        {
            var saved = ifMatch is null
                ? await writer.UpdateAsync(stored, t => (refused = change(t.Ticket)) is null && t.NewEvents.Count > 0, cancellationToken)
                : await SaveOnceAsync(stored, t => (refused = change(t.Ticket)) is null && t.NewEvents.Count > 0, cancellationToken);
            if (refused is not null)
            {
                return new TicketChangeConflict(refused);
            }

            logger.LogInformation("{Reference} now with {Assignee}", stored.Reference, saved!.Ticket.Assignee);
            return new TicketChanged(saved);
        }
        catch (ConcurrencyConflictException)
        {
            return new TicketChangeStale((await store.LoadAsync(stored.Reference, cancellationToken)) ?? stored);
        }
    }

    private async Task<StoredTicket> SaveOnceAsync(StoredTicket stored, Func<StoredTicket, bool> change, CancellationToken cancellationToken)
    {
        if (change(stored))
        {
            await writer.SaveAsync(stored, cancellationToken);
        }

        return stored;
    }
}
