using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Support.Core.Chat;
using Support.Core.Ports;
using Support.Core.Queues;

namespace Support.Adapters.Slack;

/// <summary>
/// Slack's Web API as a typed HttpClient, for the few methods used: <c>chat.postMessage</c>, <c>chat.update</c>,
/// <c>chat.delete</c>, <c>conversations.open</c>, <c>conversations.setTopic</c> (JSON bodies), <c>conversations.history</c>
/// and <c>users.info</c> (form), each with <c>Authorization: Bearer</c>
/// and the bot token. Slack answers errors with HTTP 200 and <c>{"ok":false,"error":"…"}</c>
/// (<see cref="TeamChatException"/>); a rate limit with 429 and <c>Retry-After</c> in seconds
/// (<see cref="RetryLaterException"/>, so the queue message waits at least that long).
/// </summary>
public sealed class SlackClient : ITeamChat
{
    /// <summary>The message metadata type the stream's messages carry their ticket's reference in (<see cref="ChatMessage.Marker"/>).</summary>
    public const string MarkerEventType = "support_ticket";

    /// <summary>Slack's errors that say "try again later" in a 200 answer, waited for like a 5xx.</summary>
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal) { "internal_error", "fatal_error", "service_unavailable", "request_timeout" };

    private readonly HttpClient _http;
    private readonly SlackOptions _options;

    public SlackClient(HttpClient http, IOptions<SlackOptions> options)
    {
        _http = http;
        _options = options.Value;
        if (_options.Enabled)
        {
            _http.BaseAddress = new Uri(_options.ApiBaseUrl.EndsWith('/') ? _options.ApiBaseUrl : _options.ApiBaseUrl + "/");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
        }
    }

    public async Task<PostedChat> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("chat.postMessage", Body(message), cancellationToken);
        return new PostedChat((string?)answer["channel"] ?? message.Channel, (string?)answer["ts"] ?? throw new JsonException("chat.postMessage answered without a ts"));
    }

    public async Task UpdateAsync(string channel, string ts, ChatMessage message, CancellationToken cancellationToken)
    {
        var body = Body(message with { Channel = channel, ThreadTs = null });
        body["ts"] = ts;
        await CallAsync("chat.update", body, cancellationToken);
    }

    public async Task DeleteAsync(string channel, string ts, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("chat.delete", new JsonObject { ["channel"] = channel, ["ts"] = ts }, cancellationToken);
        }
        catch (TeamChatException ex) when (ex.Error == "message_not_found")
        {
            // Deleted already: by an earlier try of this run, or by someone in the channel.
        }
    }

    public async Task<PostedChat?> FindPostedAsync(string channel, string marker, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Metadata comes back only when asked for. A stream channel takes about one post a second (Slack's limit), so the
        // newest 200 since a lapsed claim's lease reach back further than the run that held it.
        var answer = await CallAsync("conversations.history", new FormUrlEncodedContent(
        [
            new("channel", channel),
            new("oldest", since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("include_all_metadata", "true"),
            new("limit", "200"),
        ]), cancellationToken);
        var found = answer["messages"]?.AsArray().FirstOrDefault(m =>
            (string?)m?["metadata"]?["event_type"] == MarkerEventType && (string?)m?["metadata"]?["event_payload"]?["reference"] == marker);
        return (string?)found?["ts"] is { } ts ? new PostedChat(channel, ts) : null;
    }

    public async Task<string> OpenDirectAsync(string userId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, cancellationToken);
        return (string?)answer["channel"]?["id"] ?? throw new JsonException("conversations.open answered without a channel id");
    }

    public Task SetTopicAsync(string channel, string topic, CancellationToken cancellationToken) =>
        CallAsync("conversations.setTopic", new JsonObject { ["channel"] = channel, ["topic"] = topic }, cancellationToken);

    public async Task<ChatUser?> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        JsonObject answer;
        try
        {
            answer = await CallAsync("users.info", new FormUrlEncodedContent([new("user", userId)]), cancellationToken);
        }
        catch (TeamChatException ex) when (ex.Error is "user_not_found" or "user_not_visible")
        {
            return null;
        }

        var user = answer["user"]?.AsObject() ?? throw new JsonException("users.info answered without a user");
        var profile = user["profile"]?.AsObject();
        var name = new[] { (string?)profile?["real_name"], (string?)profile?["display_name"], (string?)user["real_name"], (string?)user["name"] }
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? userId;
        var email = (string?)profile?["email"];
        return new ChatUser((string?)user["id"] ?? userId, name, string.IsNullOrWhiteSpace(email) ? null : email);
    }

    private static JsonObject Body(ChatMessage message)
    {
        var body = new JsonObject { ["channel"] = message.Channel, ["text"] = message.Text, ["unfurl_links"] = false };
        if (message.BlocksJson is { } blocks)
        {
            body["blocks"] = JsonNode.Parse(blocks);
        }

        if (message.ThreadTs is { } thread)
        {
            body["thread_ts"] = thread;
        }

        if (message.Marker is { } marker)
        {
            body["metadata"] = new JsonObject { ["event_type"] = MarkerEventType, ["event_payload"] = new JsonObject { ["reference"] = marker } };
        }

        return body;
    }

    private Task<JsonObject> CallAsync(string method, JsonObject body, CancellationToken cancellationToken) =>
        CallAsync(method, JsonContent.Create(body, mediaType: new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }), cancellationToken);

    private async Task<JsonObject> CallAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("Slack is not configured (Slack__BotToken).");
        }

        using (content)
        using (var response = await _http.PostAsync(method, content, cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new RetryLaterException($"Slack is rate-limiting {method}; retry in {RetryAfter(response):c}", RetryAfter(response));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Slack answered {(int)response.StatusCode} to {method}", null, response.StatusCode);
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new JsonException($"{method} answered nothing");
            if ((bool?)answer["ok"] == true)
            {
                return answer;
            }

            var error = (string?)answer["error"] ?? "unknown_error";
            if (error == "ratelimited")
            {
                throw new RetryLaterException($"Slack is rate-limiting {method}", RetryAfter(response));
            }

            if (Transient.Contains(error))
            {
                throw new HttpRequestException($"Slack {method} failed for now: {error}", null, HttpStatusCode.ServiceUnavailable);
            }

            throw new TeamChatException(method, error);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (int.TryParse(response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(1));
}
