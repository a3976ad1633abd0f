namespace Support.Core.Ports;

/// <summary>
/// A message to post or to put in place of one: its plain text (notifications, and clients without blocks) and its Block Kit
/// blocks as JSON. <paramref name="Marker"/> (a ticket's reference) goes with the message as hidden metadata, so the message
/// can be found again in its channel (<see cref="ITeamChat.FindPostedAsync"/>) when the answer to its post was lost.
/// </summary>
public sealed record ChatMessage(string Channel, string Text, string? BlocksJson = null, string? ThreadTs = null, string? Marker = null);

/// <summary>A posted message: the channel Slack put it in (a user id becomes their direct-message channel) and its timestamp, its id there.</summary>
public sealed record PostedChat(string Channel, string Ts);

/// <summary>A chat user's profile; <see cref="Email"/> only when the app may read it (the <c>users:read.email</c> scope).</summary>
public sealed record ChatUser(string Id, string Name, string? Email);

/// <summary>
/// The team chat's Web API (Slack: <c>chat.postMessage</c>, <c>chat.update</c>, <c>chat.delete</c>, <c>conversations.history</c>,
/// <c>conversations.open</c>, <c>conversations.setTopic</c>, <c>users.info</c>). A rate limit throws <see cref="Queues.RetryLaterException"/>; an error Slack names throws
/// <see cref="TeamChatException"/>; other failures throw, and the caller's message is retried with backoff.
/// </summary>
public interface ITeamChat
{
    Task<PostedChat> PostAsync(ChatMessage message, CancellationToken cancellationToken);

    Task UpdateAsync(string channel, string ts, ChatMessage message, CancellationToken cancellationToken);

    /// <summary>Removes a message this app posted; one that is gone already counts as removed.</summary>
    Task DeleteAsync(string channel, string ts, CancellationToken cancellationToken);

    /// <summary>The message posted in <paramref name="channel"/> since <paramref name="since"/> carrying <paramref name="marker"/> (<see cref="ChatMessage.Marker"/>); null when there is none.</summary>
    Task<PostedChat?> FindPostedAsync(string channel, string marker, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The id of the app's direct-message conversation with <paramref name="userId"/>, opened if it was not (a direct message is posted there, never to the user id).</summary>
    Task<string> OpenDirectAsync(string userId, CancellationToken cancellationToken);

    Task SetTopicAsync(string channel, string topic, CancellationToken cancellationToken);

    /// <summary>The user's profile; null when Slack knows no such user.</summary>
    Task<ChatUser?> GetUserAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Slack answered <c>{"ok":false,"error":…}</c>: <see cref="Error"/> is its code (<c>channel_not_found</c>, <c>message_not_found</c>…).</summary>
public sealed class TeamChatException(string method, string error) : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}
