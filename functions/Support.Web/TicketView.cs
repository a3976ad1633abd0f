using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Triage;

namespace Support.Web;

/// <summary>
/// A ticket as the staff API shows it. <c>triage</c> is the hybrid triage's why (rules fired, model
/// probabilities, most similar labelled items); <c>possibleDuplicates</c> (on a single ticket's read only, found
/// then) are open tickets from the same organisation with a very similar message, to merge with
/// <c>POST /api/tickets/{ref}/merge</c>.
/// </summary>
public sealed record TicketView(
    string Reference,
    string Status,
    string Category,
    string Severity,
    string? Assignee,
    string Channel,
    RequesterView Requester,
    string Subject,
    string? Region,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> TriageReasons,
    TriageExplanation? Triage,
    IReadOnlyList<SlaTargetView> Sla,
    DateTimeOffset? NextSlaDue,
    IReadOnlyList<TimelineEntryView>? Timeline,
    IReadOnlyList<Conversation.MessageView>? Messages = null,
    IReadOnlyList<PossibleDuplicate>? PossibleDuplicates = null,
    [property: System.Text.Json.Serialization.JsonPropertyName("github")] GitHubIssueView? GitHub = null,
    ForumTopicView? Forum = null)
{
    public static TicketView From(Ticket ticket, bool withTimeline) => new(
        ticket.Reference,
        WireNames.Of(ticket.Status),
        WireNames.Of(ticket.Category),
        WireNames.Of(ticket.Severity),
        ticket.Assignee,
        WireNames.Of(ticket.Channel),
        new RequesterView(ticket.Requester.Name, ticket.Requester.Email, ticket.Requester.Phone),
        ticket.Subject,
        ticket.Region,
        ticket.CreatedAt,
        ticket.UpdatedAt,
        ticket.TriageReasons,
        ticket.TriageExplanation,
        [.. ticket.Sla.Select(SlaTargetView.From)],
        ticket.NextSlaDue,
        withTimeline ? [.. ticket.Timeline.Select(e => new TimelineEntryView(e.At, e.Type, e.Actor, e.Details))] : null,
        GitHub: GitHubIssueView.From(ticket.GitHub),
        Forum: ticket.Forum is { } topic ? new ForumTopicView(topic.Title, topic.TopicId, topic.Url, topic.PlusOne, topic.Pending ? "pending" : "posted") : null);
}

/// <summary>The feature request's forum topic as staff see it: <c>pending</c> until posted, then its public link (<c>plusOne</c>: a "+1" on a similar topic).</summary>
public sealed record ForumTopicView(string Title, int? TopicId, string? Url, bool PlusOne, string Status);

/// <summary>The ticket's GitHub issue as staff see it: <c>pending</c> until GitHub has it (filed, or told of the ticket), then <c>linked</c>.</summary>
public sealed record GitHubIssueView(string Repository, int? Number, string? Url, string Status)
{
    public static GitHubIssueView? From(EngineeringIssue? issue) =>
        issue is null ? null : new(issue.Repository, issue.Number, issue.Url, issue.Pending ? "pending" : "linked");
}

/// <summary>
/// One SLA target as staff see it: when it is due (null while paused, e.g. resolution while
/// Pending), whether and when it was met, whether and when it was breached.
/// </summary>
public sealed record SlaTargetView(string Name, DateTimeOffset? Due, bool Met, DateTimeOffset? MetAt, bool Breached, DateTimeOffset? BreachedAt)
{
    public static SlaTargetView From(SlaTargetState target) =>
        new(target.Target, target.Due, target.MetAt is not null, target.MetAt, target.BreachedAt is not null, target.BreachedAt);
}

public sealed record RequesterView(string? Name, string? Email, string? Phone);

public sealed record TimelineEntryView(DateTimeOffset At, string Type, string Actor, IReadOnlyDictionary<string, string> Details);

public sealed record TicketListView(IReadOnlyList<TicketView> Items, string? Continuation);
