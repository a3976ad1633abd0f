using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Support.Web.Engineering;

namespace Support.IntegrationTests.Engineering;

/// <summary>
/// GitHub webhook deliveries as GitHub sends them: the payload shapes of GitHub's webhook documentation for the
/// <c>issues</c> and <c>issue_comment</c> events (trimmed of the URL fields nothing reads), the X-GitHub-Event and
/// X-GitHub-Delivery headers, and X-Hub-Signature-256 over the exact bytes sent.
/// </summary>
public static class GitHubDeliveries
{
    public static JsonObject IssuesEvent(string action, string repository, int number, string? stateReason = null, string? label = null)
    {
        var payload = new JsonObject
        {
            ["action"] = action,
            ["issue"] = Issue(repository, number, action == "closed" ? "closed" : "open", stateReason),
            ["repository"] = Repository(repository),
            ["sender"] = User("Codertocat"),
        };
        if (label is not null)
        {
            payload["label"] = new JsonObject { ["id"] = 1362934389, ["node_id"] = "MDU6TGFiZWwxMzYyOTM0Mzg5", ["name"] = label, ["color"] = "d73a4a", ["default"] = false, ["description"] = null };
        }

        return payload;
    }

    public static JsonObject IssueCommentCreated(string repository, int number, string body, string authorAssociation, string author = "Codertocat") => new()
    {
        ["action"] = "created",
        ["issue"] = Issue(repository, number, "open", null),
        ["comment"] = new JsonObject
        {
            ["url"] = $"https://api.github.com/repos/{repository}/issues/comments/492700400",
            ["html_url"] = $"https://github.com/{repository}/issues/{number}#issuecomment-492700400",
            ["issue_url"] = $"https://api.github.com/repos/{repository}/issues/{number}",
            ["id"] = 492700400,
            ["node_id"] = "MDEyOklzc3VlQ29tbWVudDQ5MjcwMDQwMA==",
            ["user"] = User(author),
            ["created_at"] = "2019-05-15T15:20:21Z",
            ["updated_at"] = "2019-05-15T15:20:21Z",
            ["author_association"] = authorAssociation,
            ["body"] = body,
            ["performed_via_github_app"] = null,
        },
        ["repository"] = Repository(repository),
        ["sender"] = User(author),
    };

    /// <summary>Posts <paramref name="payload"/> as GitHub would, signed with <paramref name="secret"/> (unsigned when null).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string gitHubEvent, JsonObject payload, string? secret, string? deliveryId = null)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/integrations/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        if (secret is not null)
        {
            request.Headers.Add(GitHubWebhookSignature.Header, GitHubWebhookSignature.Sign(secret, body));
        }

        return await client.SendAsync(request);
    }

    private static JsonObject Issue(string repository, int number, string state, string? stateReason) => new()
    {
        ["url"] = $"https://api.github.com/repos/{repository}/issues/{number}",
        ["repository_url"] = $"https://api.github.com/repos/{repository}",
        ["html_url"] = $"https://github.com/{repository}/issues/{number}",
        ["id"] = 444500041,
        ["node_id"] = "MDU6SXNzdWU0NDQ1MDAwNDE=",
        ["number"] = number,
        ["title"] = "Spelling error in the README file",
        ["user"] = User("Codertocat"),
        ["labels"] = new JsonArray(),
        ["state"] = state,
        ["locked"] = false,
        ["assignee"] = null,
        ["assignees"] = new JsonArray(),
        ["milestone"] = null,
        ["comments"] = 0,
        ["created_at"] = "2019-05-15T15:20:18Z",
        ["updated_at"] = "2019-05-15T15:20:21Z",
        ["closed_at"] = state == "closed" ? "2019-05-15T15:20:21Z" : null,
        ["author_association"] = "OWNER",
        ["active_lock_reason"] = null,
        ["body"] = "It looks like you accidently spelled 'commit' with two 't's.",
        ["state_reason"] = stateReason,
    };

    private static JsonObject Repository(string fullName) => new()
    {
        ["id"] = 186853002,
        ["node_id"] = "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=",
        ["name"] = fullName.Split('/')[1],
        ["full_name"] = fullName,
        ["private"] = false,
        ["owner"] = User(fullName.Split('/')[0]),
        ["html_url"] = $"https://github.com/{fullName}",
        ["default_branch"] = "main",
    };

    private static JsonObject User(string login) => new()
    {
        ["login"] = login,
        ["id"] = 21031067,
        ["node_id"] = "MDQ6VXNlcjIxMDMxMDY3",
        ["type"] = "User",
        ["site_admin"] = false,
    };
}
