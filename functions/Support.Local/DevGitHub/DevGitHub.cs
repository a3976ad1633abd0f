using System.Globalization;
using System.Text.Json.Nodes;
using Support.Local.Hosting;

namespace Support.Local.DevGitHub;

/// <summary>
/// GitHub's issues REST API as Octokit calls it, kept in <see cref="DevState"/> across restarts, under <c>/_dev/github/</c> (point <c>GitHub__BaseUrl</c>
/// there): list (with <c>since</c> and <c>state</c>), create, get and close or reopen issues, list and create comments, each with
/// GitHub's JSON field names. Calls without a token get GitHub's 401; <see cref="RateLimit"/> makes the next calls
/// answer 403 with GitHub's rate-limit headers and message, as GitHub does when the hourly allowance is spent.
/// </summary>
public sealed class DevGitHub
{
    private const string StateName = "github";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly DevState _state;
    private readonly List<JsonObject> _issues;
    private int _refusals;
    private long _nextId;

    public DevGitHub(TimeProvider time, DevState state)
    {
        _time = time;
        _state = state;
        var saved = state.Load(StateName);
        _issues = [.. (saved?["issues"]?.AsArray() ?? []).Select(i => (JsonObject)i!.DeepClone())];
        _nextId = (long?)saved?["nextId"] ?? 1000;
    }

    /// <summary>The next <paramref name="requests"/> API calls are refused as rate-limited, until <paramref name="resetAfter"/> from now.</summary>
    public void RateLimit(int requests, TimeSpan resetAfter)
    {
        lock (_gate)
        {
            _refusals = requests;
            ResetAt = _time.GetUtcNow() + resetAfter;
        }
    }

    private DateTimeOffset ResetAt { get; set; }

    /// <summary>Every issue with its comments, oldest first (<c>GET /_dev/github/issues</c>).</summary>
    public JsonArray List()
    {
        lock (_gate)
        {
            return [.. _issues.Select(i => i.DeepClone())];
        }
    }

    /// <summary>Null when the call may go on; otherwise GitHub's answer refusing it.</summary>
    public IResult? Refusal(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is not { Length: > 7 } authorization
            || !(authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.StartsWith("token ", StringComparison.Ordinal)))
        {
            return Error(StatusCodes.Status401Unauthorized, "Requires authentication");
        }

        lock (_gate)
        {
            if (_refusals <= 0)
            {
                return null;
            }

            _refusals--;
            var reset = ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return new HeadersResult(
                Error(StatusCodes.Status403Forbidden, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID."),
                ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Used", "5000"), ("X-RateLimit-Reset", reset), ("X-RateLimit-Resource", "core"));
        }
    }

    public JsonArray Issues(string owner, string repo, DateTimeOffset? since, string? state)
    {
        var repository = $"{owner}/{repo}";
        lock (_gate)
        {
            return [.. _issues
                .Where(i => string.Equals((string?)i["repository"], repository, StringComparison.OrdinalIgnoreCase))
                .Where(i => since is null || DateTimeOffset.Parse((string)i["updated_at"]!, CultureInfo.InvariantCulture) >= since)
                .Where(i => state is "all" || (string?)i["state"] == (state ?? "open"))
                .OrderByDescending(i => (int)i["number"]!)
                .Select(Public)];
        }
    }

    public JsonObject? Issue(string owner, string repo, int number)
    {
        lock (_gate)
        {
            return Find(owner, repo, number) is { } issue ? Public(issue) : null;
        }
    }

    public JsonObject CreateIssue(HttpRequest request, string owner, string repo, JsonObject input)
    {
        var now = Stamp();
        lock (_gate)
        {
            var repository = $"{owner}/{repo}";
            var number = _issues.Count(i => string.Equals((string?)i["repository"], repository, StringComparison.OrdinalIgnoreCase)) + 1;
            var api = $"{request.Scheme}://{request.Host}/_dev/github/repos/{owner}/{repo}/issues/{number}";
            var issue = new JsonObject
            {
                ["repository"] = repository,
                ["id"] = ++_nextId,
                ["node_id"] = $"I_dev{_nextId}",
                ["url"] = api,
                ["html_url"] = api,
                ["number"] = number,
                ["state"] = "open",
                ["state_reason"] = null,
                ["title"] = (string?)input["title"] ?? throw new InvalidOperationException("title is required"),
                ["body"] = (string?)input["body"],
                ["user"] = User(),
                ["labels"] = new JsonArray([.. (input["labels"]?.AsArray() ?? []).Select(l => (JsonNode)new JsonObject { ["id"] = ++_nextId, ["name"] = (string?)l, ["color"] = "ededed" })]),
                ["locked"] = false,
                ["comments"] = 0,
                ["created_at"] = now,
                ["updated_at"] = now,
                ["closed_at"] = null,
                ["author_association"] = "OWNER",
                ["comment_list"] = new JsonArray(),
            };
            _issues.Add(issue);
            Save();
            return Public(issue);
        }
    }

    /// <summary>Closes or reopens an issue (<c>state</c>, <c>state_reason</c>), as a maintainer does; null for no such issue.</summary>
    public JsonObject? UpdateIssue(string owner, string repo, int number, JsonObject input)
    {
        var now = Stamp();
        lock (_gate)
        {
            if (Find(owner, repo, number) is not { } issue)
            {
                return null;
            }

            if ((string?)input["state"] is { } state && state is "open" or "closed")
            {
                issue["state"] = state;
                issue["state_reason"] = state == "closed" ? (string?)input["state_reason"] ?? "completed" : "reopened";
                issue["closed_at"] = state == "closed" ? now : null;
            }

            issue["updated_at"] = now;
            Save();
            return Public(issue);
        }
    }

    public JsonArray? Comments(string owner, string repo, int number)
    {
        lock (_gate)
        {
            return Find(owner, repo, number) is { } issue ? (JsonArray)issue["comment_list"]!.DeepClone() : null;
        }
    }

    public JsonObject? CreateComment(HttpRequest request, string owner, string repo, int number, JsonObject input)
    {
        var now = Stamp();
        lock (_gate)
        {
            if (Find(owner, repo, number) is not { } issue)
            {
                return null;
            }

            var id = ++_nextId;
            var comment = new JsonObject
            {
                ["id"] = id,
                ["node_id"] = $"IC_dev{id}",
                ["url"] = $"{request.Scheme}://{request.Host}/_dev/github/repos/{owner}/{repo}/issues/comments/{id}",
                ["html_url"] = $"{issue["html_url"]}#issuecomment-{id}",
                ["body"] = (string?)input["body"] ?? throw new InvalidOperationException("body is required"),
                ["user"] = User(),
                ["created_at"] = now,
                ["updated_at"] = now,
                ["author_association"] = "OWNER",
            };
            issue["comment_list"]!.AsArray().Add(comment);
            issue["comments"] = issue["comment_list"]!.AsArray().Count;
            issue["updated_at"] = now;
            Save();
            return (JsonObject)comment.DeepClone();
        }
    }

    // Under the gate: what is saved is one consistent state.
    private void Save() => _state.Save(StateName, new JsonObject { ["issues"] = new JsonArray([.. _issues.Select(i => i.DeepClone())]), ["nextId"] = _nextId });

    public static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" }, statusCode: status);

    private JsonObject? Find(string owner, string repo, int number) =>
        _issues.FirstOrDefault(i => string.Equals((string?)i["repository"], $"{owner}/{repo}", StringComparison.OrdinalIgnoreCase) && (int)i["number"]! == number);

    // What GitHub answers: the issue without this fake's bookkeeping.
    private static JsonObject Public(JsonObject issue)
    {
        var copy = (JsonObject)issue.DeepClone();
        copy.Remove("repository");
        copy.Remove("comment_list");
        return copy;
    }

    private string Stamp() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject User() => new() { ["login"] = "support-bot", ["id"] = 1, ["type"] = "Bot" };

    /// <summary>Another result with headers added.</summary>
    private sealed class HeadersResult(IResult inner, params (string Name, string Value)[] headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
