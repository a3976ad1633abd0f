namespace Support.Core.Engineering;

/// <summary>What happened to a GitHub issue, as a webhook delivery told it; recorded on every ticket linked to the issue.</summary>
public enum IssueActivityKind
{
    ClosedCompleted,
    ClosedNotPlanned,
    Reopened,
    Labeled,

    /// <summary>A maintainer's comment starting with <c>/support</c>: for staff to read, never mailed.</summary>
    MaintainerComment,
}

/// <param name="DeliveryId">X-GitHub-Delivery: the same delivery twice is recorded once.</param>
/// <param name="Repository">owner/name.</param>
/// <param name="Label">The label added (<see cref="IssueActivityKind.Labeled"/>).</param>
/// <param name="Comment">The maintainer's words after <c>/support</c> (<see cref="IssueActivityKind.MaintainerComment"/>).</param>
/// <param name="Actor">The GitHub login that acted.</param>
public sealed record IssueActivity(string DeliveryId, string Repository, int Number, IssueActivityKind Kind, string? Label = null, string? Comment = null, string? Actor = null)
{
    public static string WireName(IssueActivityKind kind) => kind switch
    {
        IssueActivityKind.ClosedCompleted => "closed-completed",
        IssueActivityKind.ClosedNotPlanned => "closed-not-planned",
        IssueActivityKind.Reopened => "reopened",
        IssueActivityKind.Labeled => "labeled",
        IssueActivityKind.MaintainerComment => "comment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
