namespace Support.Core.Ports;

/// <summary>
/// A ticket's message in the stream channel: where it is (<see cref="Channel"/>, <see cref="Ts"/>, null until posted),
/// who is posting it (<see cref="ClaimedAt"/>: a claim older than its lease belongs to a poster that died), and which
/// direct messages were sent for it (<see cref="Told"/>). <see cref="ETag"/> is null for a record never stored.
/// </summary>
public sealed record ChatPostRecord(string Reference, string? Channel = null, string? Ts = null, DateTimeOffset? ClaimedAt = null, IReadOnlyList<string>? Told = null, string? ETag = null)
{
    public IReadOnlyList<string> Told { get; init; } = Told ?? [];
}

/// <summary>A shared-channel thread and the ticket it became.</summary>
public sealed record ChatThread(string Channel, string ThreadTs, string Reference);

/// <summary>
/// What the chat remembers, in the <c>chatposts</c> table: each ticket's stream message (so an update finds it and a
/// redelivery never posts twice), each shared-channel thread's ticket, and the Slack events handled already.
/// </summary>
public interface IChatPosts
{
    Task<ChatPostRecord?> GetAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Stores the record if nobody stored another since it was read (inserts one with no ETag); the stored record, or null when someone did.</summary>
    Task<ChatPostRecord?> TrySaveAsync(ChatPostRecord record, CancellationToken cancellationToken);

    Task<ChatThread?> FindThreadAsync(string channel, string threadTs, CancellationToken cancellationToken);

    /// <summary>Records which ticket a thread became; the first record stands, and is returned.</summary>
    Task<ChatThread> AddThreadAsync(ChatThread thread, CancellationToken cancellationToken);

    /// <summary>The thread a chat ticket came from; null for a ticket from another channel.</summary>
    Task<ChatThread?> ThreadOfAsync(string reference, CancellationToken cancellationToken);
}
