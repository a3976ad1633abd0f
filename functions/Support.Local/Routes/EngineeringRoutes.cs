using System.Globalization;
using System.Text.Json.Nodes;
using Support.Local.DevGitHub;
using Support.Web;
using Support.Web.Engineering;

namespace Support.Local.Routes;

public static class EngineeringRoutes
{
    /// <summary>GitHub's webhook (refused with 401 unless signed with the webhook secret) and staff logging a ticket in GitHub.</summary>
    public static void MapEngineeringRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.GitHubWebhook), (HttpRequest request, GitHubWebhookEndpoint endpoint, CancellationToken ct) => endpoint.PostAsync(request, ct))
            .Gated(Gate.GitHubSignature);
        app.MapGet(Web.Routes.Local(Web.Routes.GitHubRepositories), (EngineeringEndpoints endpoint) => endpoint.Repositories())
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketGitHub), (HttpRequest request, string reference, EngineeringEndpoints endpoint, CancellationToken ct) => endpoint.LogAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketForum), (HttpRequest request, string reference, EngineeringEndpoints endpoint, CancellationToken ct) => endpoint.ProposeAsync(request, reference, ct))
            .Gated(Gate.Staff);
    }

    /// <summary>The local stand-in for Discourse's REST API (<see cref="DevDiscourse.DevDiscourse"/>) and what it holds.</summary>
    public static void MapDevDiscourseRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_dev/discourse/topics", (DevDiscourse.DevDiscourse forum) => Results.Json(forum.List()))
            .Gated(Gate.DevOnly);
        app.MapGet("/_dev/discourse/search.json", (HttpRequest request, string? q, DevDiscourse.DevDiscourse forum) =>
            forum.Refusal(request) ?? Results.Json(forum.Search(q ?? string.Empty)))
            .Gated(Gate.DevOnly);
        app.MapGet("/_dev/discourse/t/external_id/{externalId}.json", (HttpRequest request, string externalId, DevDiscourse.DevDiscourse forum) =>
            forum.Refusal(request) ?? (forum.ByExternalId(externalId) is { } topic ? Results.Json(topic) : DevDiscourse.DevDiscourse.NotFound()))
            .Gated(Gate.DevOnly);
        app.MapGet("/_dev/discourse/raw/{topicId:int}", (HttpRequest request, int topicId, int? page, DevDiscourse.DevDiscourse forum) =>
            forum.Refusal(request) ?? (forum.Raw(topicId, page ?? 1) is { } raw ? Results.Text(raw, "text/plain; charset=utf-8") : DevDiscourse.DevDiscourse.NotFound()))
            .Gated(Gate.DevOnly);
        app.MapPost("/_dev/discourse/posts.json", async (HttpRequest request, DevDiscourse.DevDiscourse forum, CancellationToken ct) =>
            forum.Refusal(request) ?? (await ReadAsync(request, ct) is { } input ? forum.Post(input) : DevDiscourse.DevDiscourse.Invalid("The body is not JSON.")))
            .Gated(Gate.DevOnly);
    }

    /// <summary>The local stand-in for GitHub's REST API (<see cref="DevGitHub.DevGitHub"/>), what it holds, and a switch to rate-limit it.</summary>
    public static void MapDevGitHubRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_dev/github/issues", (DevGitHub.DevGitHub github) => Results.Json(github.List()))
            .Gated(Gate.DevOnly);
        app.MapPost("/_dev/github/rate-limit", (DevGitHub.DevGitHub github, int? requests, int? resetSeconds) =>
        {
            github.RateLimit(requests ?? 1, TimeSpan.FromSeconds(resetSeconds ?? 1));
            return Results.NoContent();
        }).Gated(Gate.DevOnly);

        const string Issues = "/_dev/github/repos/{owner}/{repo}/issues";
        app.MapGet(Issues, (HttpRequest request, string owner, string repo, string? since, string? state, DevGitHub.DevGitHub github) =>
            github.Refusal(request) ?? Results.Json(github.Issues(owner, repo, since is null ? null : DateTimeOffset.Parse(since, CultureInfo.InvariantCulture), state)))
            .Gated(Gate.DevOnly);
        app.MapPost(Issues, async (HttpRequest request, string owner, string repo, DevGitHub.DevGitHub github, CancellationToken ct) =>
            github.Refusal(request) ?? (await ReadAsync(request, ct) is { } input
                ? Results.Json(github.CreateIssue(request, owner, repo, input), statusCode: StatusCodes.Status201Created)
                : DevGitHub.DevGitHub.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON")))
            .Gated(Gate.DevOnly);
        app.MapGet(Issues + "/{number:int}", (HttpRequest request, string owner, string repo, int number, DevGitHub.DevGitHub github) =>
            github.Refusal(request) ?? (github.Issue(owner, repo, number) is { } issue ? Results.Json(issue) : DevGitHub.DevGitHub.Error(StatusCodes.Status404NotFound, "Not Found")))
            .Gated(Gate.DevOnly);
        app.MapPatch(Issues + "/{number:int}", async (HttpRequest request, string owner, string repo, int number, DevGitHub.DevGitHub github, CancellationToken ct) =>
            github.Refusal(request) ?? (await ReadAsync(request, ct) is not { } input
                ? DevGitHub.DevGitHub.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON")
                : github.UpdateIssue(owner, repo, number, input) is { } issue ? Results.Json(issue) : DevGitHub.DevGitHub.Error(StatusCodes.Status404NotFound, "Not Found")))
            .Gated(Gate.DevOnly);
        app.MapGet(Issues + "/{number:int}/comments", (HttpRequest request, string owner, string repo, int number, DevGitHub.DevGitHub github) =>
            github.Refusal(request) ?? (github.Comments(owner, repo, number) is { } comments ? Results.Json(comments) : DevGitHub.DevGitHub.Error(StatusCodes.Status404NotFound, "Not Found")))
            .Gated(Gate.DevOnly);
        app.MapPost(Issues + "/{number:int}/comments", async (HttpRequest request, string owner, string repo, int number, DevGitHub.DevGitHub github, CancellationToken ct) =>
            github.Refusal(request) ?? (await ReadAsync(request, ct) is not { } input
                ? DevGitHub.DevGitHub.Error(StatusCodes.Status400BadRequest, "Problems parsing JSON")
                : github.CreateComment(request, owner, repo, number, input) is { } comment
                    ? Results.Json(comment, statusCode: StatusCodes.Status201Created)
                    : DevGitHub.DevGitHub.Error(StatusCodes.Status404NotFound, "Not Found")))
            .Gated(Gate.DevOnly);
    }

    private static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
