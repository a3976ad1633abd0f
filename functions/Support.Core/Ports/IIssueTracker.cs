namespace Support.Core.Ports;

/// <summary>An issue as the tracker (GitHub) has it; <paramref name="Open"/> until it is closed, whatever the reason.</summary>
public sealed record TrackedIssue(int Number, string Url, bool Open = true);

/// <summary>A new issue: what engineering reads, and nothing private.</summary>
public sealed record NewTrackedIssue(string Title, string Body, IReadOnlyList<string> Labels);

/// <summary>
/// Engineering's issue tracker (GitHub, through Octokit). A rate limit or an outage throws
/// <see cref="Queues.RetryLaterException"/> or another exception: the caller's message is retried with backoff.
/// </summary>
public interface IIssueTracker
{
    /// <summary>The issue of <paramref name="repository"/> changed since <paramref name="since"/> whose body holds <paramref name="marker"/>; null when none does.</summary>
    Task<TrackedIssue?> FindByMarkerAsync(string repository, string marker, DateTimeOffset since, CancellationToken cancellationToken);

    Task<TrackedIssue> CreateAsync(string repository, NewTrackedIssue issue, CancellationToken cancellationToken);

    /// <summary>The issue <paramref name="number"/>; null when it does not exist (or the token cannot see it).</summary>
    Task<TrackedIssue?> GetAsync(string repository, int number, CancellationToken cancellationToken);

    /// <summary>Whether a comment on the issue holds <paramref name="marker"/>.</summary>
    Task<bool> HasCommentAsync(string repository, int number, string marker, CancellationToken cancellationToken);

    Task CommentAsync(string repository, int number, string body, CancellationToken cancellationToken);
}
