using Support.Core.Ports;
using Support.Core.Queues;

namespace Support.Tests.Fakes;

/// <summary>
/// Slack's Web API as the team-chat port sees it, in memory: every post (deleted ones leave <see cref="Posts"/> for
/// <see cref="Deleted"/>), update and topic, a switch to rate-limit it, and ways to lose a post's answer or hold a post back.
/// </summary>
public sealed class InMemoryTeamChat : ITeamChat
{
    private readonly Lock _lock = new();
    private long _sequence;

    public List<(ChatMessage Message, string Ts, List<ChatMessage> Versions)> Posts { get; } = [];

    public Dictionary<string, string> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>The next calls throw as Slack's 429 does, with this Retry-After.</summary>
    public int RateLimitedCalls { get; set; }

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public List<(ChatMessage Message, string Ts, List<ChatMessage> Versions)> Deleted { get; } = [];

    /// <summary>The next posts are made, but their answer is lost on the way back (a timeout after Slack posted).</summary>
    public int AnswersLost { get; set; }

    /// <summary>Awaited before the next post is made (then cleared): a slow call to Slack.</summary>
    public Func<Task>? HoldNextPost { get; set; }

    public async Task<PostedChat> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        if (HoldNextPost is { } hold)
        {
            HoldNextPost = null;
            await hold();
        }

        lock (_lock)
        {
            Refuse();
            var ts = $"1700000000.{++_sequence:D6}";
            Posts.Add((message, ts, [message]));
            if (AnswersLost > 0)
            {
                AnswersLost--;
                throw new HttpRequestException("The request to Slack timed out (test).");
            }

            return new PostedChat(message.Channel, ts);
        }
    }

    public Task DeleteAsync(string channel, string ts, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refuse();
            var post = Posts.FirstOrDefault(p => p.Message.Channel == channel && p.Ts == ts);
            if (post.Versions is not null)
            {
                Posts.Remove(post);
                Deleted.Add(post);
            }

            return Task.CompletedTask;
        }
    }

    public Task<PostedChat?> FindPostedAsync(string channel, string marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refuse();
            var post = Posts.LastOrDefault(p => p.Message.Channel == channel && p.Message.Marker == marker);
            return Task.FromResult(post.Versions is null ? null : new PostedChat(channel, post.Ts));
        }
    }

    /// <summary>The app's conversation with a user is <c>D</c> and the rest of their id, as the local stand-in answers.</summary>
    public Task<string> OpenDirectAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refuse();
            return Task.FromResult("D" + userId[1..]);
        }
    }

    public Task UpdateAsync(string channel, string ts, ChatMessage message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refuse();
            var post = Posts.FirstOrDefault(p => p.Message.Channel == channel && p.Ts == ts);
            if (post.Versions is null)
            {
                throw new TeamChatException("chat.update", "message_not_found");
            }

            post.Versions.Add(message);
            return Task.CompletedTask;
        }
    }

    public Task SetTopicAsync(string channel, string topic, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Refuse();
            Topics[channel] = topic;
            return Task.CompletedTask;
        }
    }

    public Task<ChatUser?> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<ChatUser?>(new ChatUser(userId, $"Slack user {userId}", $"{userId.ToLowerInvariant()}@customer.example"));

    private void Refuse()
    {
        if (RateLimitedCalls > 0)
        {
            RateLimitedCalls--;
            throw new RetryLaterException("Slack is rate-limiting", RetryAfter);
        }
    }
}

/// <summary>The chatposts table in memory, with its ETag checks.</summary>
public sealed class InMemoryChatPosts : IChatPosts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChatPostRecord> _posts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), ChatThread> _threads = [];
    private long _version;

    public Task<ChatPostRecord?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_posts.GetValueOrDefault(reference));
        }
    }

    public Task<ChatPostRecord?> TrySaveAsync(ChatPostRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _posts.GetValueOrDefault(record.Reference);
            if (current?.ETag != record.ETag)
            {
                return Task.FromResult<ChatPostRecord?>(null);
            }

            var saved = record with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            _posts[record.Reference] = saved;
            return Task.FromResult<ChatPostRecord?>(saved);
        }
    }

    public Task<ChatThread?> FindThreadAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.GetValueOrDefault((channel, threadTs)));
        }
    }

    public Task<ChatThread> AddThreadAsync(ChatThread thread, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.TryAdd((thread.Channel, thread.ThreadTs), thread) ? thread : _threads[(thread.Channel, thread.ThreadTs)]);
        }
    }

    public Task<ChatThread?> ThreadOfAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_threads.Values.FirstOrDefault(t => t.Reference == reference));
        }
    }
}
