using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Chat;
using Support.Core.Contracts;
using Support.Core.Queues;
using Support.Core.Ports;
using Support.Core.Replies;

namespace Support.Web.Slack;

/// <summary>
/// <c>POST /api/integrations/slack/events</c>: Slack's Events API, admitted by the <see cref="Gate.SlackSignature"/> gate
/// only when signed with the signing secret and fresh. The <c>url_verification</c> handshake is answered with its challenge;
/// a message in a shared channel is queued on <c>chat</c> before it is acknowledged (<see cref="SharedChannel"/> reads it
/// there; its event id is the message id, and a redelivery marked <c>X-Slack-Retry-Num</c> changes nothing twice), and
/// every other callback is acknowledged at once (Slack retries anything not answered within three seconds).
/// <c>POST /api/integrations/slack/actions</c>: the stream message's buttons (<c>block_actions</c>, form field
/// <c>payload</c>): "Take it" and "Escalate" act as the roster person whose <c>slackUserId</c> clicked; "Open in console"
/// is a link and changes nothing. Both change a ticket at most once however often Slack sends them.
/// </summary>
public sealed class SlackEndpoints(Escalations escalations, IRosterStore rosters, IQueuePublisher queue, IOptions<SlackOptions> options, ILogger<SlackEndpoints> logger)
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

        if ((string?)envelope["type"] == "url_verification")
        {
            return Results.Text((string?)envelope["challenge"] ?? string.Empty, "text/plain");
        }

        if (SharedChannel.Concerns(envelope, options.Value))
        {
            // Queued before the answer: a storage outage answers 503 and Slack delivers again.
            var eventId = (string?)envelope["event_id"] ?? Guid.NewGuid().ToString("N");
            await queue.PublishAsync(QueueNames.Chat, MessageCodec.Encode(ChatQueueMessage.ForSlackEvent(envelope.ToJsonString()), SupportJson.Default.ChatQueueMessage), eventId, cancellationToken);
        }

        return Results.Ok();
    }

    public async Task<IResult> ActionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Problems.UnsupportedMediaType("application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(form["payload"].ToString()) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The payload is not a Slack interaction: {ex.Message}");
        }

        if ((string?)payload["type"] != "block_actions" || payload["actions"]?[0] is not JsonObject action)
        {
            return Results.Ok();
        }

        var (actionId, reference, slackUser) = ((string?)action["action_id"], (string?)action["value"], (string?)payload["user"]?["id"]);
        if (actionId is not (ChatBlocks.TakeAction or ChatBlocks.EscalateAction) || reference is null)
        {
            return Results.Ok();
        }

        if ((await rosters.GetAsync(cancellationToken)).FindBySlackUser(slackUser) is not { } person)
        {
            logger.LogWarning("A Slack {Action} on {Reference} by {SlackUser}, who is on no roster entry (slackUserId); ignored", actionId, reference, slackUser);
            return Results.Ok();
        }

        var result = actionId == ChatBlocks.TakeAction
            ? await escalations.TakeAsync(reference, person.Id, cancellationToken)
            : await escalations.EscalateAsync(reference, null, person.Id, "escalated from Slack", cancellationToken);
        if (result is not TicketChanged)
        {
            logger.LogWarning("The Slack {Action} on {Reference} by {Person} changed nothing: {Result}", actionId, reference, person.Id, result.GetType().Name);
        }

        return Results.Ok();
    }
}
