using Support.Core.Contracts;
using Support.Core.Queues;

namespace Support.Core.Replies;

/// <summary>The outbound queue's consumer: mails the staff reply a message names (<see cref="ReplyMailer"/>).</summary>
public sealed class OutboundReplyHandler(ReplyMailer mailer) : IQueueHandler
{
    public string Queue => QueueNames.Outbound;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.OutboundReplyMessage, OutboundReplyMessage.CurrentVersion);
        return decoded.Message is { } message
            ? await mailer.SendReplyAsync(message.Reference, message.ReplyId, cancellationToken)
            : MessageOutcome.Poison(decoded.PoisonReason!);
    }
}
