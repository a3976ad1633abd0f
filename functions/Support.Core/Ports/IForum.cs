namespace Support.Core.Ports;

/// <summary>A forum topic as the forum has it, with its public link.</summary>
public sealed record ForumTopicRef(int Id, string Title, string Url);

/// <summary>
/// The public forum (Discourse's REST API). A rate limit throws <see cref="Queues.RetryLaterException"/>; other failures
/// throw, and the caller's message is retried with backoff.
/// </summary>
public interface IForum
{
    /// <summary>The topic posted under <paramref name="externalId"/> (ours, per ticket); null when there is none.</summary>
    Task<ForumTopicRef?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>The configured category's topics the forum's search finds for <paramref name="text"/>, best first.</summary>
    Task<IReadOnlyList<ForumTopicRef>> SearchAsync(string text, CancellationToken cancellationToken);

    Task<ForumTopicRef> CreateTopicAsync(string title, string body, string externalId, CancellationToken cancellationToken);

    Task ReplyAsync(int topicId, string body, CancellationToken cancellationToken);

    /// <summary>Whether a post of the topic holds <paramref name="marker"/> in its raw text.</summary>
    Task<bool> HasPostAsync(int topicId, string marker, CancellationToken cancellationToken);
}
