using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Support.Web.Slack;

/// <summary>
/// <c>POST /api/integrations/slack/events</c>: Slack's Events API, admitted by the <see cref="Gate.SlackSignature"/> gate
/// only when signed with the signing secret and fresh. The <c>url_verification</c> handshake is answered with its challenge;
/// every other callback is acknowledged at once (Slack retries anything not answered within three seconds).
/// </summary>
public sealed class SlackEndpoints
{
    /// <summary>The biggest request read; an event or an interaction is a few kilobytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public const string RetryNumHeader = "X-Slack-Retry-Num";

    public async Task<IResult> EventsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        JsonObject envelope;
        try
        {
            envelope = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not a Slack event: {ex.Message}");
        }

        return (string?)envelope["type"] == "url_verification"
            ? Results.Text((string?)envelope["challenge"] ?? string.Empty, "text/plain")
            : Results.Ok();
    }
}
