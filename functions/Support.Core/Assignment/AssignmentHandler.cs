using Support.Core.Contracts;
using Support.Core.Queues;

namespace Support.Core.Assignment;

/// <summary>
/// The assignments queue's consumer: a ticket stored without an owner (assigning failed in triage) or
/// sent back for assignment gets its owner and the mails that go with it (<see cref="TicketAssignment"/>).
/// </summary>
public sealed class AssignmentHandler(TicketAssignment assignment) : IQueueHandler
{
    public string Queue => QueueNames.Assignments;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.AssignmentMessage, AssignmentMessage.CurrentVersion);
        return decoded.Message is { } message
            ? await assignment.AssignAsync(message.Reference, cancellationToken)
            : MessageOutcome.Poison(decoded.PoisonReason!);
    }
}
