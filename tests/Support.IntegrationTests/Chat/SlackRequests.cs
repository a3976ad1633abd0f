using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Support.Web.Slack;

namespace Support.IntegrationTests.Chat;

/// <summary>Requests as Slack sends them: Events API callbacks (JSON) and interactions (form field <c>payload</c>), signed over the exact bytes sent.</summary>
public static class SlackRequests
{
    public static Task<HttpResponseMessage> EventAsync(HttpClient client, JsonObject envelope, string? secret, DateTimeOffset? at = null, int? retryNum = null) =>
        SendAsync(client, "/api/integrations/slack/events", Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/json", secret, at, retryNum);

    public static Task<HttpResponseMessage> ActionAsync(HttpClient client, JsonObject payload, string? secret, DateTimeOffset? at = null) =>
        SendAsync(client, "/api/integrations/slack/actions", Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString())), "application/x-www-form-urlencoded", secret, at, null);

    /// <summary>An Events API callback wrapping <paramref name="inner"/>, as Slack posts it.</summary>
    public static JsonObject Callback(JsonObject inner, string? eventId = null) => new()
    {
        ["token"] = "deprecated-verification-token",
        ["team_id"] = "T0TEAM",
        ["api_app_id"] = "A0APP",
        ["event"] = inner,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? "Ev" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
    };

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, byte[] body, string contentType, string? secret, DateTimeOffset? at, int? retryNum)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.UserAgent.ParseAdd("Slackbot");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        if (secret is not null)
        {
            request.Headers.Add(SlackSignature.Header, SlackSignature.Sign(secret, timestamp, body));
        }

        if (retryNum is { } retry)
        {
            request.Headers.Add(SlackEndpoints.RetryNumHeader, retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await client.SendAsync(request);
    }
}
