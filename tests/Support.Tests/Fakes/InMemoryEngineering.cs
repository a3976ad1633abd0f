using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>GitHub's issues as the tracker port sees them, in memory.</summary>
public sealed class InMemoryIssueTracker : IIssueTracker
{
    private readonly List<(string Repository, TrackedIssue Issue, NewTrackedIssue Filed, List<string> Comments)> _issues = [];
    private readonly Lock _lock = new();

    public Task<TrackedIssue?> FindByMarkerAsync(string repository, string marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<TrackedIssue?>(_issues.FirstOrDefault(i => i.Repository == repository && i.Filed.Body.Contains(marker, StringComparison.Ordinal)).Issue);
        }
    }

    public Task<TrackedIssue> CreateAsync(string repository, NewTrackedIssue issue, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var number = _issues.Count + 1;
            var tracked = new TrackedIssue(number, $"https://github.example/{repository}/issues/{number}");
            _issues.Add((repository, tracked, issue, []));
            return Task.FromResult(tracked);
        }
    }

    public Task<TrackedIssue?> GetAsync(string repository, int number, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<TrackedIssue?>(_issues.FirstOrDefault(i => i.Repository == repository && i.Issue.Number == number).Issue);
        }
    }

    public Task<bool> HasCommentAsync(string repository, int number, string marker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_issues.Any(i => i.Repository == repository && i.Issue.Number == number
                && i.Comments.Any(c => c.Contains(marker, StringComparison.Ordinal))));
        }
    }

    public Task CommentAsync(string repository, int number, string body, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _issues.Single(i => i.Repository == repository && i.Issue.Number == number).Comments.Add(body);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Ticket-to-issue links in memory; the same link twice is kept once, as the table keeps it.</summary>
public sealed class InMemoryEngineeringLinks : IEngineeringLinks
{
    private readonly HashSet<IssueLink> _links = [];
    private readonly Lock _lock = new();

    public Task AddAsync(IssueLink link, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _links.Add(link);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IssueLink>> ForIssueAsync(string repository, int number, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<IssueLink>>([.. _links.Where(l => l.Repository == repository && l.Number == number)]);
        }
    }
}

/// <summary>The forum's topics in memory; search finds topics whose title shares a word with the text.</summary>
public sealed class InMemoryForum : IForum
{
    private readonly List<(ForumTopicRef Topic, string ExternalId, List<string> Posts)> _topics = [];
    private readonly Lock _lock = new();

    public Task<ForumTopicRef?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<ForumTopicRef?>(_topics.FirstOrDefault(t => t.ExternalId == externalId).Topic);
        }
    }

    public Task<IReadOnlyList<ForumTopicRef>> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToHashSet(StringComparer.OrdinalIgnoreCase);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ForumTopicRef>>([.. _topics.Select(t => t.Topic)
                .Where(t => t.Title.Split(' ').Any(words.Contains))]);
        }
    }

    public Task<ForumTopicRef> CreateTopicAsync(string title, string body, string externalId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = _topics.Count + 1;
            var topic = new ForumTopicRef(id, title, $"https://forum.example/t/{id}");
            _topics.Add((topic, externalId, [body]));
            return Task.FromResult(topic);
        }
    }

    public Task ReplyAsync(int topicId, string body, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _topics.Single(t => t.Topic.Id == topicId).Posts.Add(body);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HasPostAsync(int topicId, string marker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_topics.Single(t => t.Topic.Id == topicId).Posts.Any(p => p.Contains(marker, StringComparison.Ordinal)));
        }
    }
}

/// <summary>Weekly papercut claims in memory.</summary>
public sealed class InMemoryPapercutLog : IPapercutLog
{
    private readonly HashSet<DateOnly> _claimed = [];
    private readonly Lock _lock = new();

    public Task<bool> TryClaimAsync(DateOnly monday, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_claimed.Add(monday));
        }
    }

    public Task ReleaseAsync(DateOnly monday, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _claimed.Remove(monday);
        }

        return Task.CompletedTask;
    }
}
