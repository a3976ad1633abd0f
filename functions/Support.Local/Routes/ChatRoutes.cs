using System.Text.Json.Nodes;
using Support.Web;
using Support.Web.Slack;

namespace Support.Local.Routes;

public static class ChatRoutes
{
    /// <summary>Slack's Events API and interactive buttons (refused with 401 unless signed with the signing secret and fresh).</summary>
    public static void MapChatRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.SlackEvents), (HttpRequest request, SlackEndpoints endpoint, CancellationToken ct) => endpoint.EventsAsync(request, ct))
            .Gated(Gate.SlackSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.SlackActions), (HttpRequest request, SlackEndpoints endpoint, CancellationToken ct) => endpoint.ActionsAsync(request, ct))
            .Gated(Gate.SlackSignature);
    }

    /// <summary>The local stand-in for Slack's Web API (<see cref="DevSlack.DevSlack"/>), what it holds, and a switch to rate-limit it.</summary>
    public static void MapDevSlackRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_dev/slack/messages", (DevSlack.DevSlack slack) => Results.Json(slack.List()))
            .Gated(Gate.DevOnly);
        app.MapPost("/_dev/slack/rate-limit", (DevSlack.DevSlack slack, int? requests, int? retryAfter) =>
        {
            slack.RateLimit(requests ?? 1, retryAfter ?? 1);
            return Results.NoContent();
        }).Gated(Gate.DevOnly);
        app.MapPost("/_dev/slack/api/{method}", async (HttpRequest request, string method, DevSlack.DevSlack slack, CancellationToken ct) =>
            slack.Call(request, method, await ArgumentsAsync(request, ct)))
            .Gated(Gate.DevOnly);
    }

    // The Web API takes JSON or form fields alike.
    private static async Task<JsonObject> ArgumentsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new JsonObject([.. form.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value.ToString()))]);
        }

        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
