namespace Support.Core.Contracts;

/// <summary>On <c>outbound</c>: a staff reply recorded on a ticket's timeline (event detail <c>replyId</c>), to be mailed to the requester.</summary>
public sealed record OutboundReplyMessage(int V, string Reference, string ReplyId) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public static OutboundReplyMessage For(string reference, string replyId) => new(CurrentVersion, reference, replyId);
}
