using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Core.Roster;

/// <summary>What one role's handoff did: whose tickets went to whom, and whether the mail went out.</summary>
public sealed record HandoffOutcome(SupportRole Role, string From, string To, int Tickets, bool Mailed);

/// <summary>
/// Run by a timer every few minutes. When a rotation has turned over since the last run, the
/// outgoing person's tickets that wait on us (New or Open) move to the incoming person, who gets
/// one mail listing them. A run first claims the turnover in <see cref="IRotationHandoffStore"/>,
/// so overlapping runs do not both act; a claim left by a run that failed or died is taken over
/// after <see cref="ClaimLease"/>, and moving tickets is safe to repeat. A run that dies after
/// sending the mail but before recording it may cause a second mail once the lease runs out. With Slack on, a run
/// that handed over queues the support channel's new topic (who is on duty) and the handoff's summary.
/// </summary>
public sealed class RotationHandoff(
    IRosterStore rosters,
    ITicketStore store,
    TicketWriter writer,
    IRotationHandoffStore handoffs,
    IMailSender mail,
    StaffMailComposer composer,
    ISlaPolicy sla,
    TimeProvider time,
    ILogger<RotationHandoff> logger,
    Chat.ChatFeed? chat = null) : Scheduling.IScheduledJob
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    public string Name => "RotationHandoff";

    public string ScheduleSetting => "RotationHandoffSchedule";

    public string DefaultSchedule => "0 */5 * * * *";

    /// <summary>Past-due runs need nothing special: a run always compares the current turn with the last one handled.</summary>
    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    // Routing gives tickets to first level and technical support only; a manager turnover moves nothing.
    private static readonly SupportRole[] RolesOwningTickets = [SupportRole.FirstLevel, SupportRole.Technical];

    private static readonly TicketStatus[] WaitingOnUs = [.. Enum.GetValues<TicketStatus>().Where(TicketStatusMachine.IsWaitingOnUs)];

    public async Task<IReadOnlyList<HandoffOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var roster = await rosters.GetAsync(cancellationToken);
        var outcomes = new List<HandoffOutcome>();
        foreach (var role in RolesOwningTickets)
        {
            if (OnDuty.TurnFor(roster, role, time.GetUtcNow()) is not { } turn)
            {
                continue;
            }

            try
            {
                if (await ClaimAsync(turn, cancellationToken) is { OutgoingPersonId: { } } claimed)
                {
                    outcomes.Add(await HandOverAsync(claimed, roster, cancellationToken));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One role's failure must not hold up the other's handoff; the claim lease lets a later run finish this one.
                logger.LogError(ex, "The {Role} handoff failed; a run after {Lease} takes it over", WireNames.Of(role), ClaimLease);
            }
        }

        if (outcomes.Count > 0 && chat is not null)
        {
            var key = $"handoff-{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
            await chat.HandoffAsync(key, Chat.ChatBlocks.HandoffSummary(outcomes, roster), cancellationToken);
        }

        return outcomes;
    }

    private async Task<RotationHandoffState?> ClaimAsync(DutyTurn turn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await handoffs.GetAsync(turn.Role, cancellationToken);
        if (state is null)
        {
            // A fresh installation: whoever is on duty now starts with nothing to take over.
            await handoffs.TrySaveAsync(
                new RotationHandoffState { Role = turn.Role, OnDutyPersonId = turn.PersonId, TurnStart = turn.Start, Completed = true },
                cancellationToken);
            return null;
        }

        if (!string.Equals(state.OnDutyPersonId, turn.PersonId, StringComparison.OrdinalIgnoreCase))
        {
            return await handoffs.TrySaveAsync(
                new RotationHandoffState
                {
                    Role = turn.Role,
                    OnDutyPersonId = turn.PersonId,
                    TurnStart = turn.Start,
                    OutgoingPersonId = state.OnDutyPersonId,
                    ClaimedAt = now,
                    ETag = state.ETag,
                },
                cancellationToken);
        }

        if (!state.Completed && (state.ClaimedAt is null || now - state.ClaimedAt >= ClaimLease))
        {
            logger.LogWarning("Taking over the unfinished {Role} handoff to {Person}", WireNames.Of(turn.Role), state.OnDutyPersonId);
            return await handoffs.TrySaveAsync(state with { ClaimedAt = now }, cancellationToken);
        }

        return null;
    }

    private async Task<HandoffOutcome> HandOverAsync(RotationHandoffState claim, RosterDocument roster, CancellationToken cancellationToken)
    {
        var outgoing = claim.OutgoingPersonId!;
        var incoming = claim.OnDutyPersonId;
        var key = $"{WireNames.Of(claim.Role)}.{claim.TurnStart.UtcDateTime:yyyyMMdd'T'HHmm'Z'}.{incoming}";
        var reason = $"rotation handoff {key}: {outgoing} is no longer on duty for {WireNames.Of(claim.Role)}";

        foreach (var reference in await ReferencesAsync(outgoing, cancellationToken))
        {
            await writer.UpdateAsync(reference, stored =>
            {
                var ticket = stored.Ticket;
                if (!string.Equals(ticket.Assignee, outgoing, StringComparison.OrdinalIgnoreCase)
                    || !TicketStatusMachine.IsWaitingOnUs(ticket.Status)
                    || Routing.RoleFor(ticket.Category) != claim.Role)
                {
                    return false;
                }

                ticket.Assign(incoming, reason, Actors.System, time.GetUtcNow());
                return true;
            }, cancellationToken);
        }

        // Read back from the tickets rather than kept in memory, so the list is whole even when a
        // run that died part-way moved some of them.
        var handedOver = new List<TicketDue>();
        foreach (var reference in await ReferencesAsync(incoming, cancellationToken))
        {
            if (await store.GetAsync(reference, cancellationToken) is { } ticket
                && ticket.Timeline.Any(e => e.Type == TimelineEventTypes.Assigned && e.Details.GetValueOrDefault("why") == reason))
            {
                handedOver.Add(new TicketDue(ticket, sla.FirstResponse(ticket)));
            }
        }

        handedOver.Sort((a, b) => a.Ticket.Severity != b.Ticket.Severity
            ? a.Ticket.Severity.CompareTo(b.Ticket.Severity)
            : a.FirstResponse.Due.CompareTo(b.FirstResponse.Due));

        var mailed = handedOver.Count > 0 && await MailAsync(key, claim, roster, handedOver, cancellationToken);
        if (await handoffs.TrySaveAsync(claim with { Completed = true }, cancellationToken) is null)
        {
            logger.LogWarning("The {Role} handoff to {Person} was taken over by another run before it finished", WireNames.Of(claim.Role), incoming);
        }

        logger.LogInformation("{Role} handoff: {Count} ticket(s) from {From} to {To}", WireNames.Of(claim.Role), handedOver.Count, outgoing, incoming);
        return new HandoffOutcome(claim.Role, outgoing, incoming, handedOver.Count, mailed);
    }

    private async Task<bool> MailAsync(string key, RotationHandoffState claim, RosterDocument roster, List<TicketDue> tickets, CancellationToken cancellationToken)
    {
        if (roster.Find(claim.OnDutyPersonId) is not { } person)
        {
            logger.LogError("The {Role} handoff goes to {Person}, who is not in the roster", WireNames.Of(claim.Role), claim.OnDutyPersonId);
            return false;
        }

        var outgoingName = roster.Find(claim.OutgoingPersonId)?.Name ?? claim.OutgoingPersonId!;
        var message = composer.Handoff(key, new MailAddress(person.Email, person.Name), claim.Role, outgoingName, tickets);
        var result = await mail.SendAsync(message, cancellationToken);
        if (result.Status != MailSendStatus.Sent)
        {
            logger.LogWarning("The {Role} handoff mail to {Person} was not delivered: {Why}", WireNames.Of(claim.Role), person.Id, result.Reason);
            return false;
        }

        return true;
    }

    /// <summary>All references of the person's tickets waiting on us, read in full before any of them changes.</summary>
    private async Task<List<string>> ReferencesAsync(string personId, CancellationToken cancellationToken)
    {
        var references = new List<string>();
        foreach (var status in WaitingOnUs)
        {
            string? continuation = null;
            do
            {
                var page = await store.ListAsync(new TicketQuery { Assignee = personId, Status = status, Continuation = continuation }, cancellationToken);
                references.AddRange(page.Items.Select(t => t.Reference));
                continuation = page.Continuation;
            }
            while (continuation is not null);
        }

        return references;
    }
}
