using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;

namespace Support.Core.Assignment;

/// <summary>Gives a triaged ticket its owner, then asks for the notifications.</summary>
public sealed class AssignmentHandler(
    ITicketStore store,
    IRosterStore rosters,
    IAssignmentPolicy policy,
    IQueuePublisher queue,
    TimeProvider time,
    ILogger<AssignmentHandler> logger) : IQueueHandler
{
    public string Queue => QueueNames.Assignments;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.AssignmentMessage, AssignmentMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        var roster = await rosters.GetAsync(cancellationToken);
        AssignmentDecision? decision = null;
        var ticket = await store.UpdateAsync(message.Reference, async (t, ct) =>
        {
            if (t.Assignee is not null && !PreviousOwner.ReopenedSinceAssigned(t))
            {
                return false;
            }

            var now = time.GetUtcNow();
            decision = await policy.ChooseAsync(t, roster, now, ct);
            if (decision is null)
            {
                return false;
            }

            t.Assign(decision.Person.Id, decision.Reason, Actors.System, now);
            if (decision.ManagerReason is { } attention)
            {
                // Kept on the ticket: the notification step, not this one, tells the manager.
                t.Append(now, TimelineEventTypes.ManagerAttention, Actors.System, ("why", attention));
            }

            return true;
        }, cancellationToken);

        if (ticket is null)
        {
            return MessageOutcome.Poison($"ticket {message.Reference} does not exist");
        }

        if (ticket.Assignee is null)
        {
            // Nobody in the roster for this role: a configuration fault that a retry will not fix by itself,
            // but the message is kept (poison queue) so it can be replayed once the roster is fixed.
            logger.LogError("{Reference} has no possible owner: the roster covers no {Role}", ticket.Reference, WireNames.Of(Routing.RoleFor(ticket.Category)));
            return MessageOutcome.Poison("no one in the roster can own this ticket");
        }

        if (decision is not null)
        {
            logger.LogInformation("{Reference} assigned to {Assignee} ({Why})", ticket.Reference, ticket.Assignee, decision.Reason);
        }

        await queue.PublishAsync(
            QueueNames.Notifications,
            MessageCodec.Encode(NotificationMessage.For(ticket.Reference), SupportJson.Default.NotificationMessage),
            messageId: $"{ticket.Reference}:notify:{ticket.Assignee}:{ticket.AssignedAt?.ToUnixTimeSeconds()}",
            cancellationToken);
        return MessageOutcome.Done;
    }
}
