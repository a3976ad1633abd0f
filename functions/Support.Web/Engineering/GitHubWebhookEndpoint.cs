using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Support.Core.Engineering;

namespace Support.Web.Engineering;

/// <summary>What a delivery did: how many tickets it changed, or why it was ignored.</summary>
public sealed record GitHubDeliveryView(int Tickets, string? Ignored = null);

/// <summary>
/// <c>POST /api/integrations/github</c>: GitHub's webhook (events <c>issues</c> and <c>issue_comment</c>), admitted by
/// the <see cref="Gate.GitHubSignature"/> gate only when signed with the webhook secret. An issue closed as completed or
/// not planned, reopened or labelled, and a maintainer's comment starting with <c>/support</c> are recorded on every
/// ticket linked to the issue (<see cref="IssueActivities"/>); anything else is acknowledged and ignored.
/// </summary>
public sealed class GitHubWebhookEndpoint(IssueActivities activities)
{
    /// <summary>The biggest delivery read; GitHub caps payloads at 25 MB, but an issue event is a few kilobytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    /// <summary>Who counts as a maintainer on GitHub: the repository's owner, its organisation's members, its collaborators.</summary>
    private static readonly HashSet<string> Maintainers = new(StringComparer.OrdinalIgnoreCase) { "OWNER", "MEMBER", "COLLABORATOR" };

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var delivery = request.Headers[DeliveryHeader].ToString();
        if (delivery.Length is 0 or > 100)
        {
            return Problems.BadRequest($"The {DeliveryHeader} header is missing.");
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        IssueActivity? activity;
        string? ignored;
        try
        {
            using var payload = JsonDocument.Parse(body);
            (activity, ignored) = Read(request.Headers[EventHeader].ToString(), delivery, payload.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return Problems.BadRequest($"The payload is not a GitHub {request.Headers[EventHeader]} event: {ex.Message}");
        }

        if (activity is null)
        {
            return Results.Json(new GitHubDeliveryView(0, ignored), WebJson.Default.GitHubDeliveryView, statusCode: StatusCodes.Status202Accepted);
        }

        return Results.Json(new GitHubDeliveryView(await activities.RecordAsync(activity, cancellationToken)), WebJson.Default.GitHubDeliveryView);
    }

    /// <summary>The activity a delivery reports, or why it is none of ours.</summary>
    public static (IssueActivity? Activity, string? Ignored) Read(string gitHubEvent, string delivery, JsonElement payload)
    {
        var action = payload.GetProperty("action").GetString();
        if (gitHubEvent is not ("issues" or "issue_comment"))
        {
            return (null, $"the {gitHubEvent} event is not used");
        }

        var issue = payload.GetProperty("issue");
        var repository = payload.GetProperty("repository").GetProperty("full_name").GetString() ?? throw new FormatException("repository.full_name is null");
        var number = issue.GetProperty("number").GetInt32();
        var sender = payload.TryGetProperty("sender", out var s) && s.TryGetProperty("login", out var login) ? login.GetString() : null;
        IssueActivity Activity(IssueActivityKind kind, string? label = null, string? comment = null, string? actor = null) =>
            new(delivery, repository, number, kind, label, comment, actor ?? sender);

        if (gitHubEvent == "issues")
        {
            return action switch
            {
                // Issues closed before GitHub had reasons carry none: those were closed as done.
                "closed" => (Activity(StateReason(issue) is null or "completed" ? IssueActivityKind.ClosedCompleted : IssueActivityKind.ClosedNotPlanned), null),
                "reopened" => (Activity(IssueActivityKind.Reopened), null),
                "labeled" => (Activity(IssueActivityKind.Labeled, label: payload.GetProperty("label").GetProperty("name").GetString()), null),
                _ => (null, $"issues.{action} is not used"),
            };
        }

        if (action != "created")
        {
            return (null, $"issue_comment.{action} is not used");
        }

        var comment = payload.GetProperty("comment");
        var text = (comment.GetProperty("body").GetString() ?? string.Empty).TrimStart();
        if (!text.StartsWith("/support", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the comment does not start with /support");
        }

        var association = comment.TryGetProperty("author_association", out var a) ? a.GetString() : null;
        if (association is null || !Maintainers.Contains(association))
        {
            return (null, "only a maintainer's /support comment is recorded");
        }

        var author = comment.TryGetProperty("user", out var user) && user.TryGetProperty("login", out var l) ? l.GetString() : null;
        return (Activity(IssueActivityKind.MaintainerComment, comment: text["/support".Length..].Trim(), actor: author), null);
    }

    private static string? StateReason(JsonElement issue) =>
        issue.TryGetProperty("state_reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
}
