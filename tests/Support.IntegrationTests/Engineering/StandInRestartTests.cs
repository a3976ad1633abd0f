using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests.Engineering;

/// <summary>The local stand-ins for GitHub and Discourse keep their issues and topics when the host restarts, so a demo survives it.</summary>
public sealed class StandInRestartTests
{
    [Fact]
    public async Task GitHubs_and_Discourses_stand_ins_keep_their_issues_and_topics_across_a_restart()
    {
        await using var azurite = await AzuriteServer.StartScratchAsync(log: null, CancellationToken.None);
        var title = "Kept across restarts " + Guid.NewGuid().ToString("N")[..8];
        int topicId;
        await using (var before = new LocalHostFactory(azurite.Endpoints.ConnectionString))
        {
            var client = before.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(client, GitHub(HttpMethod.Post, "/_dev/github/repos/acme/app/issues", new { title, body = "first" }))).StatusCode);
            var topic = await (await SendAsync(client, Discourse(new { title, raw = "A topic that must outlive the host.", category = 5 }))).Content.ReadFromJsonAsync<JsonObject>();
            topicId = (int)topic!["topic_id"]!;
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Discourse(new { topic_id = topicId, raw = "+1 before the restart" }))).StatusCode);
        }

        await using var after = new LocalHostFactory(azurite.Endpoints.ConnectionString);
        var restarted = after.CreateClient();
        var issue = Assert.Single((await restarted.GetFromJsonAsync<JsonArray>("/_dev/github/issues"))!, i => (string?)i!["title"] == title);
        Assert.Equal(1, (int)issue!["number"]!);
        var next = await (await SendAsync(restarted, GitHub(HttpMethod.Post, "/_dev/github/repos/acme/app/issues", new { title = "after", body = "second" }))).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, (int)next!["number"]!);

        var kept = Assert.Single((await restarted.GetFromJsonAsync<JsonArray>("/_dev/discourse/topics"))!, t => (int)t!["id"]! == topicId);
        Assert.Equal(["A topic that must outlive the host.", "+1 before the restart"], kept!["posts"]!.AsArray().Select(p => (string?)p!["raw"]));
        using var search = new HttpRequestMessage(HttpMethod.Get, "/_dev/discourse/search.json?q=" + Uri.EscapeDataString(title));
        search.Headers.Add("Api-Key", "key");
        search.Headers.Add("Api-Username", "support-bot");
        var found = await (await restarted.SendAsync(search)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(found!["topics"]!.AsArray(), t => (int)t!["id"]! == topicId);
    }

    private static HttpRequestMessage GitHub(HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Authorization", "Bearer token");
        return request;
    }

    private static HttpRequestMessage Discourse(object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_dev/discourse/posts.json") { Content = JsonContent.Create(body) };
        request.Headers.Add("Api-Key", "key");
        request.Headers.Add("Api-Username", "support-bot");
        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            return await client.SendAsync(request);
        }
    }
}
