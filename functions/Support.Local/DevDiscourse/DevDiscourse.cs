using System.Globalization;
using System.Text.Json.Nodes;
using Support.Local.Hosting;

namespace Support.Local.DevDiscourse;

/// <summary>
/// Discourse's REST API as the app calls it, kept in <see cref="DevState"/> across restarts, under <c>/_dev/discourse/</c> (point <c>Discourse__BaseUrl</c>
/// there): <c>POST /posts.json</c> creating a topic (title, raw, category, external_id) or replying (topic_id, raw),
/// <c>GET /search.json?q=</c> finding topics by their words, <c>GET /raw/{id}</c> a topic's raw posts, and <c>GET /t/external_id/{id}.json</c> (Discourse
/// redirects to the topic; this answers with it). Calls without <c>Api-Key</c> and <c>Api-Username</c> get Discourse's 403.
/// </summary>
public sealed class DevDiscourse
{
    private const int RawPageSize = 100;
    private const string StateName = "discourse";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly DevState _state;
    private readonly List<JsonObject> _topics;
    private int _nextPost;

    public DevDiscourse(TimeProvider time, DevState state)
    {
        _time = time;
        _state = state;
        var saved = state.Load(StateName);
        _topics = [.. (saved?["topics"]?.AsArray() ?? []).Select(t => (JsonObject)t!.DeepClone())];
        _nextPost = (int?)saved?["nextPost"] ?? 100;
    }

    /// <summary>Every topic with its posts (<c>GET /_dev/discourse/topics</c>).</summary>
    public JsonArray List()
    {
        lock (_gate)
        {
            return [.. _topics.Select(t => t.DeepClone())];
        }
    }

    public IResult? Refusal(HttpRequest request) =>
        request.Headers["Api-Key"].ToString().Length > 0 && request.Headers["Api-Username"].ToString().Length > 0
            ? null
            : Results.Json(new JsonObject { ["errors"] = new JsonArray("You are not permitted to view the requested resource."), ["error_type"] = "invalid_access" }, statusCode: StatusCodes.Status403Forbidden);

    public static IResult NotFound() =>
        Results.Json(new JsonObject { ["errors"] = new JsonArray("The requested URL or resource could not be found."), ["error_type"] = "not_found" }, statusCode: StatusCodes.Status404NotFound);

    public static IResult Invalid(string why) =>
        Results.Json(new JsonObject { ["action"] = "create_post", ["errors"] = new JsonArray(why) }, statusCode: StatusCodes.Status422UnprocessableEntity);

    public JsonObject Search(string query)
    {
        var words = query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => w.Length >= 3).ToList();
        lock (_gate)
        {
            var found = _topics
                .Select(t => (Topic: t, Hits: words.Count(w => ((string)t["title"]!).Contains(w, StringComparison.OrdinalIgnoreCase))))
                .Where(x => x.Hits > 0)
                .OrderByDescending(x => x.Hits)
                .Select(x => (JsonNode)Summary(x.Topic));
            return new JsonObject { ["posts"] = new JsonArray(), ["topics"] = new JsonArray([.. found]) };
        }
    }

    /// <summary>
    /// A topic's posts as Discourse's <c>GET /raw/{id}</c> gives them, a page of <see cref="RawPageSize"/>: each post's
    /// author, time and number, its raw Markdown, and a rule; an empty page past the last; null for no such topic.
    /// </summary>
    public string? Raw(int topicId, int page)
    {
        lock (_gate)
        {
            if (_topics.FirstOrDefault(t => (int)t["id"]! == topicId) is not { } topic)
            {
                return null;
            }

            return string.Concat(topic["posts"]!.AsArray().Skip((Math.Max(1, page) - 1) * RawPageSize).Take(RawPageSize).Select(p =>
                $"support-bot | {(string?)p!["created_at"]} | #{(int)p["post_number"]!}\n\n{(string?)p["raw"]}\n\n-------------------------\n\n"));
        }
    }

    public JsonObject? ByExternalId(string externalId)
    {
        lock (_gate)
        {
            return _topics.FirstOrDefault(t => (string?)t["external_id"] == externalId) is { } topic ? Summary(topic) : null;
        }
    }

    public IResult Post(JsonObject input)
    {
        var raw = (string?)input["raw"];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Invalid("Body is too short (minimum is 20 characters)");
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            JsonObject topic;
            if (input["topic_id"] is { } topicId)
            {
                topic = _topics.FirstOrDefault(t => (int)t["id"]! == (int)topicId!) ?? throw new InvalidOperationException("no such topic");
            }
            else
            {
                var title = (string?)input["title"];
                if (string.IsNullOrWhiteSpace(title))
                {
                    return Invalid("Title can't be blank");
                }

                var externalId = (string?)input["external_id"];
                if (externalId is not null && _topics.Any(t => (string?)t["external_id"] == externalId))
                {
                    return Invalid("External ID has already been taken");
                }

                var id = _topics.Count + 1;
                topic = new JsonObject
                {
                    ["id"] = id,
                    ["title"] = title,
                    ["slug"] = Slug(title),
                    ["category_id"] = (int?)input["category"],
                    ["external_id"] = externalId,
                    ["created_at"] = now,
                    ["posts"] = new JsonArray(),
                };
                _topics.Add(topic);
            }

            var posts = topic["posts"]!.AsArray();
            var post = new JsonObject
            {
                ["id"] = ++_nextPost,
                ["topic_id"] = (int)topic["id"]!,
                ["topic_slug"] = (string?)topic["slug"],
                ["post_number"] = posts.Count + 1,
                ["raw"] = raw,
                ["created_at"] = now,
            };
            posts.Add(post);
            _state.Save(StateName, new JsonObject { ["topics"] = new JsonArray([.. _topics.Select(t => t.DeepClone())]), ["nextPost"] = _nextPost });
            return Results.Json(post.DeepClone());
        }
    }

    private static JsonObject Summary(JsonObject topic) => new()
    {
        ["id"] = (int)topic["id"]!,
        ["title"] = (string?)topic["title"],
        ["slug"] = (string?)topic["slug"],
        ["category_id"] = (int?)topic["category_id"],
        ["posts_count"] = topic["posts"]!.AsArray().Count,
    };

    private static string Slug(string title) =>
        string.Join('-', title.ToLowerInvariant().Split(title.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } slug ? slug : "topic";
}
