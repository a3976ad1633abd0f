namespace Support.Core.Domain;

/// <summary>One entry on a ticket's timeline. Types are stable strings: staff tools and reports key on them.</summary>
public sealed record TimelineEvent(
    DateTimeOffset At,
    string Type,
    string Actor,
    IReadOnlyDictionary<string, string> Details)
{
    public static TimelineEvent Create(DateTimeOffset at, string type, string actor, params (string Key, string? Value)[] details)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in details)
        {
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return new TimelineEvent(at, type, actor, map);
    }
}

public static class TimelineEventTypes
{
    public const string Received = "received";
    public const string Triaged = "triaged";
    public const string Assigned = "assigned";
    public const string Unassigned = "unassigned";
    public const string Acknowledged = "acknowledged";
    public const string AssigneeNotified = "assignee-notified";
    public const string StatusChanged = "status-changed";
    public const string CustomerMessage = "customer-message";
    public const string StaffReply = "staff-reply";
    public const string InternalNote = "note";
    public const string Corrected = "corrected";
    public const string MailSuppressed = "mail-suppressed";
    public const string ManagerAttention = "manager-attention";
    public const string ManagerNotified = "manager-notified";
    public const string Bounced = "bounced";
    public const string Merged = "merged";
    public const string MergedFrom = "merged-from";

    // The engineering loop: the GitHub issue a ticket owes, is filed in or linked to, and what happens to it there.
    public const string GitHubIssueOwed = "github-issue-owed";
    public const string GitHubIssueFiled = "github-issue-filed";
    public const string GitHubIssueLinked = "github-issue-linked";
    public const string GitHubIssueAnnounced = "github-issue-announced";
    public const string GitHubIssueDropped = "github-issue-dropped";
    public const string GitHubActivity = "github-activity";

    // Feature requests on the public forum (Discourse).
    public const string ForumTopicOwed = "forum-topic-owed";
    public const string ForumTopicPosted = "forum-topic-posted";

    /// <summary>A reply written for the ticket's owner to send or not (the fix shipped); never mailed by itself.</summary>
    public const string ReplyDrafted = "reply-drafted";

    /// <summary>A message of a duplicate, brought into the surviving ticket's conversation by a merge.</summary>
    public const string MergedMessage = "merged-message";

    /// <summary>The events that carry the conversation (what a person reads, and what a merge brings along); the rest is the ticket's history.</summary>
    public static IReadOnlySet<string> Messages { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        CustomerMessage, StaffReply, InternalNote, MergedMessage,
    };
}

public static class Actors
{
    public const string System = "system";
    public const string Customer = "customer";

    /// <summary>What a machine calling the staff API with an integration key is recorded as, before the key's name.</summary>
    public const string IntegrationPrefix = "integration:";

    /// <summary>Mail from a staff address that did not prove it was theirs: recorded, but by nobody on the roster.</summary>
    public const string UnverifiedMail = "unverified-mail";
}
