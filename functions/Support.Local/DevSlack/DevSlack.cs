using System.Globalization;
using System.Text.Json.Nodes;

namespace Support.Local.DevSlack;

/// <summary>
/// Slack's Web API as the app calls it, in memory, under <c>/_dev/slack/api/</c> (point <c>Slack__ApiBaseUrl</c> there):
/// <c>chat.postMessage</c>, <c>chat.update</c>, <c>chat.delete</c>, <c>conversations.history</c>, <c>conversations.open</c>,
/// <c>conversations.setTopic</c> and <c>users.info</c>, answering as Slack does (HTTP 200 with <c>ok</c> and <c>error</c>). Calls without a bearer token get <c>invalid_auth</c>;
/// <see cref="RateLimit"/> makes the next calls answer 429 with <c>Retry-After</c>. <c>GET /_dev/slack/messages</c> shows
/// every message as it now reads with its earlier versions, and every channel's topic, like the local mailbox.
/// </summary>
public sealed class DevSlack(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _messages = [];
    private readonly Dictionary<string, string> _topics = new(StringComparer.Ordinal);
    private int _refusals;
    private int _retryAfterSeconds;
    private long _sequence;

    /// <summary>The next <paramref name="requests"/> API calls are refused with 429 and <c>Retry-After: <paramref name="retryAfterSeconds"/></c>.</summary>
    public void RateLimit(int requests, int retryAfterSeconds)
    {
        lock (_gate)
        {
            (_refusals, _retryAfterSeconds) = (requests, retryAfterSeconds);
        }
    }

    /// <summary>What the stand-in holds (<c>GET /_dev/slack/messages</c>).</summary>
    public JsonObject List()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["messages"] = new JsonArray([.. _messages.Select(m => m.DeepClone())]),
                ["topics"] = new JsonObject([.. _topics.Select(t => new KeyValuePair<string, JsonNode?>(t.Key, t.Value))]),
            };
        }
    }

    /// <summary>One Web API call: Slack's answer to <paramref name="method"/> with these arguments (JSON or form fields).</summary>
    public IResult Call(HttpRequest request, string method, JsonObject arguments)
    {
        if (request.Headers.Authorization.ToString() is not { Length: > 7 } authorization || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Error("not_authed");
        }

        lock (_gate)
        {
            if (_refusals > 0)
            {
                _refusals--;
                request.HttpContext.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Json(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, statusCode: StatusCodes.Status429TooManyRequests);
            }

            return method switch
            {
                "chat.postMessage" => Post(arguments),
                "chat.update" => Update(arguments),
                "chat.delete" => Delete(arguments),
                "conversations.history" => History(arguments),
                "conversations.open" => Open(arguments),
                "conversations.setTopic" => SetTopic(arguments),
                "users.info" => User(arguments),
                _ => Error("unknown_method"),
            };
        }
    }

    private IResult Post(JsonObject arguments)
    {
        if ((string?)arguments["channel"] is not { Length: > 0 } channel)
        {
            return Error("channel_not_found");
        }

        // A user id is kept as given: Slack puts such a post in the user's conversation with Slackbot, not with the app
        // (the app's is the D… id conversations.open answers), so a test sees which one the app used.
        var ts = $"{time.GetUtcNow().ToUnixTimeSeconds()}.{++_sequence:D6}";
        var message = new JsonObject
        {
            ["channel"] = channel,
            ["ts"] = ts,
            ["threadTs"] = arguments["thread_ts"]?.DeepClone(),
            ["text"] = arguments["text"]?.DeepClone(),
            ["blocks"] = arguments["blocks"]?.DeepClone(),
            ["metadata"] = arguments["metadata"]?.DeepClone(),
            ["updates"] = new JsonArray(),
        };
        _messages.Add(message);
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["message"] = new JsonObject { ["text"] = arguments["text"]?.DeepClone(), ["ts"] = ts } });
    }

    private IResult Update(JsonObject arguments)
    {
        var (channel, ts) = ((string?)arguments["channel"], (string?)arguments["ts"]);
        if (_messages.FirstOrDefault(m => (string?)m["channel"] == channel && (string?)m["ts"] == ts) is not { } message)
        {
            return Error("message_not_found");
        }

        // The version replaced is kept, so a test can tell an update in place from a second post.
        message["updates"]!.AsArray().Add(new JsonObject { ["text"] = message["text"]?.DeepClone(), ["blocks"] = message["blocks"]?.DeepClone() });
        message["text"] = arguments["text"]?.DeepClone();
        message["blocks"] = arguments["blocks"]?.DeepClone();
        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = arguments["text"]?.DeepClone() });
    }

    private IResult Delete(JsonObject arguments)
    {
        var (channel, ts) = ((string?)arguments["channel"], (string?)arguments["ts"]);
        return _messages.RemoveAll(m => (string?)m["channel"] == channel && (string?)m["ts"] == ts) > 0
            ? Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts })
            : Error("message_not_found");
    }

    /// <summary>A channel's messages after <c>oldest</c>, newest first, with their metadata only when <c>include_all_metadata</c> asks for it.</summary>
    private IResult History(JsonObject arguments)
    {
        var channel = (string?)arguments["channel"];
        var oldest = double.TryParse((string?)arguments["oldest"], NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var withMetadata = (string?)arguments["include_all_metadata"] is "true" or "1";
        var messages = _messages
            .Where(m => (string?)m["channel"] == channel && double.Parse((string)m["ts"]!, CultureInfo.InvariantCulture) > oldest)
            .Reverse()
            .Select(m => new JsonObject
            {
                ["type"] = "message",
                ["ts"] = m["ts"]?.DeepClone(),
                ["text"] = m["text"]?.DeepClone(),
                ["metadata"] = withMetadata ? m["metadata"]?.DeepClone() : null,
            });
        return Ok(new JsonObject { ["messages"] = new JsonArray([.. messages]), ["has_more"] = false });
    }

    /// <summary>The app's direct-message conversation with a user: <c>D</c> and the rest of their id.</summary>
    private static IResult Open(JsonObject arguments) =>
        (string?)arguments["users"] is { Length: > 1 } user && user.StartsWith('U') && !user.Contains(',', StringComparison.Ordinal)
            ? Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + user[1..] } })
            : Error("user_not_found");

    private IResult SetTopic(JsonObject arguments)
    {
        if ((string?)arguments["channel"] is not { Length: > 0 } channel)
        {
            return Error("channel_not_found");
        }

        _topics[channel] = (string?)arguments["topic"] ?? string.Empty;
        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = channel, ["topic"] = new JsonObject { ["value"] = _topics[channel] } } });
    }

    /// <summary>Every user exists here, named after their id, with an address the app may read.</summary>
    private static IResult User(JsonObject arguments)
    {
        if ((string?)arguments["user"] is not { Length: > 1 } id || !id.StartsWith('U'))
        {
            return Error("user_not_found");
        }

        return Ok(new JsonObject
        {
            ["user"] = new JsonObject
            {
                ["id"] = id,
                ["name"] = id.ToLowerInvariant(),
                ["profile"] = new JsonObject { ["real_name"] = $"Slack user {id}", ["email"] = $"{id.ToLowerInvariant()}@customer.example" },
            },
        });
    }

    private static IResult Ok(JsonObject answer)
    {
        answer["ok"] = true;
        return Results.Json(answer);
    }

    private static IResult Error(string error) => Results.Json(new JsonObject { ["ok"] = false, ["error"] = error });
}
