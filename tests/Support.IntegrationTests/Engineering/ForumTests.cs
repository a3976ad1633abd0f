using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Contracts;
using Support.Core.Engineering;
using Support.Core.Ports;
using Support.Core.Queues;
using Xunit;

namespace Support.IntegrationTests.Engineering;

/// <summary>
/// Feature requests to the public forum through the local host and its Discourse stand-in: one click with an editable
/// title posts a topic in the configured category (or "+1" on a similar one), once, nothing private, and the
/// customer's reply is drafted with the public link.
/// </summary>
public sealed class ForumTests(GitHubHostFixture github) : IClassFixture<GitHubHostFixture>
{
    [Fact]
    public async Task A_confirmed_feature_request_becomes_a_topic_once_and_the_reply_draft_has_its_public_link()
    {
        var staff = github.Host.CreateStaffClient();
        var reference = await FeatureRequestAsync(staff, "Please add a dark mode. Mail me at ada@example.com when it ships.");

        var proposed = await ProposeAsync(staff, reference, new { title = "Dark mode for the dashboard" });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.Equal("pending", (string?)(await proposed.Content.ReadFromJsonAsync<JsonObject>())!["forum"]!["status"]);

        var ticket = await PostedAsync(staff, reference);
        var topic = Assert.Single(await TopicsAsync(), t => (string?)t["title"] == "Dark mode for the dashboard");
        Assert.Equal(5, (int)topic["category_id"]!);
        Assert.Equal($"support-{reference.ToLowerInvariant()}", (string?)topic["external_id"]);
        var post = (string)topic["posts"]![0]!["raw"]!;
        Assert.Contains("> Please add a dark mode. Mail me at [email] when it ships.", post, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, post, StringComparison.Ordinal);

        var url = (string)ticket["forum"]!["url"]!;
        Assert.Equal($"http://localhost/_dev/discourse/t/dark-mode-for-the-dashboard/{(int)topic["id"]!}", url);
        var draft = Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "reply-drafted");
        Assert.Contains(url, (string)draft!["details"]!["body"]!, StringComparison.Ordinal);

        // A redelivery finds the topic by its external id.
        await github.Host.Services.GetRequiredService<IQueuePublisher>().PublishAsync(
            QueueNames.Engineering, MessageCodec.Encode(EngineeringMessage.For(reference), SupportJson.Default.EngineeringMessage), $"{reference}:forum-again", CancellationToken.None);
        Assert.Equal(HttpStatusCode.Conflict, (await ProposeAsync(staff, reference, new { title = "Dark mode again" })).StatusCode);
        Assert.Single(await TopicsAsync(), t => (string?)t["external_id"] == $"support-{reference.ToLowerInvariant()}");
    }

    [Fact]
    public async Task A_request_like_an_existing_topic_adds_a_plus_one_there_instead_of_a_new_topic()
    {
        var staff = github.Host.CreateStaffClient();
        var first = await FeatureRequestAsync(staff, "We would love an export of invoices to CSV.");
        await ProposeAsync(staff, first, new { title = "Export invoices to CSV" });
        var topicUrl = (string)(await PostedAsync(staff, first))["forum"]!["url"]!;

        var second = await FeatureRequestAsync(staff, "Could invoices be exported as CSV files?");
        await ProposeAsync(staff, second, new { title = "CSV export of invoices" });
        var ticket = await PostedAsync(staff, second);

        Assert.Equal(topicUrl, (string?)ticket["forum"]!["url"]);
        Assert.True((bool)ticket["forum"]!["plusOne"]!);
        var topic = Assert.Single(await TopicsAsync(), t => (string?)t["title"] == "Export invoices to CSV");
        Assert.Equal(2, topic["posts"]!.AsArray().Count);
        Assert.StartsWith("+1", (string)topic["posts"]![1]!["raw"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_worded_unlike_the_topics_title_finds_it_by_meaning_and_a_plus_one_the_ticket_lost_is_not_posted_twice()
    {
        var staff = github.Host.CreateStaffClient();
        var first = await TriagedFeatureRequestAsync(staff, "Charts as SVG",
            "Could you let us download the charts as SVG vector images? The PNG download is blurry in our printed annual report.");
        Assert.Equal(HttpStatusCode.Accepted, await WhileAssignmentRacesAsync(() => ProposeAsync(staff, first, new { title = "Download charts as SVG" })));
        var topicUrl = (string)(await PostedAsync(staff, first))["forum"]!["url"]!;

        // No word of this title is in the topic's: the forum's search cannot find it, the embeddings do.
        var second = await TriagedFeatureRequestAsync(staff, "Vector graphics for print",
            "We need to save the charts in a vector format such as SVG for printing; the PNG images you give us look pixelated in our printed annual report.");
        Assert.Equal(HttpStatusCode.Accepted, await WhileAssignmentRacesAsync(() => ProposeAsync(staff, second, new { title = "Vector export of graphs for print" })));
        var joined = await PostedAsync(staff, second);
        Assert.Equal(topicUrl, (string?)joined["forum"]!["url"]);
        Assert.True((bool)joined["forum"]!["plusOne"]!);

        // An earlier delivery posted the third request's "+1", then the ticket's save was lost: the marker finds it.
        var third = await TriagedFeatureRequestAsync(staff, "SVG download of charts",
            "Please allow downloading charts as SVG vector files; the PNG charts are blurry when we print our annual report.");
        var topicId = (int)Assert.Single(await TopicsAsync(), t => (string?)t["title"] == "Download charts as SVG")["id"]!;
        using var earlier = new HttpRequestMessage(HttpMethod.Post, "/_dev/discourse/posts.json")
        {
            Content = JsonContent.Create(new { topic_id = topicId, raw = "+1: another customer asked our support team for this.\n\n" + ForumText.Marker(EngineeringHandler.ExternalIdOf(third)) }),
        };
        earlier.Headers.Add("Api-Key", "discourse-test-key");
        earlier.Headers.Add("Api-Username", "support-bot");
        Assert.Equal(HttpStatusCode.OK, (await github.Host.CreateClient().SendAsync(earlier)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, await WhileAssignmentRacesAsync(() => ProposeAsync(staff, third, new { title = "SVG download of charts" })));
        Assert.Equal(topicUrl, (string?)(await PostedAsync(staff, third))["forum"]!["url"]);
        var posts = Assert.Single(await TopicsAsync(), t => (int)t["id"]! == topicId)["posts"]!.AsArray();
        Assert.Equal(3, posts.Count);
        Assert.Contains(ForumText.Marker(EngineeringHandler.ExternalIdOf(second)), (string)posts[1]!["raw"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(second, (string)posts[1]!["raw"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_feature_request_goes_to_the_forum_and_its_title_is_checked()
    {
        var staff = github.Host.CreateStaffClient();
        var technical = await StaffTickets.CreateAsync(github.Host.Services);
        Assert.Equal(HttpStatusCode.Conflict, (await ProposeAsync(staff, technical, new { title = "Not a feature" })).StatusCode);

        var request = await FeatureRequestAsync(staff, "A small request.");
        Assert.Equal(HttpStatusCode.BadRequest, (await ProposeAsync(staff, request, new { title = "x" })).StatusCode);
    }

    private async Task<string> FeatureRequestAsync(HttpClient staff, string message)
    {
        var reference = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider", message: message);
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = JsonContent.Create(new { category = "feature-request", severity = "S3" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(patch)).StatusCode);
        return reference;
    }

    /// <summary>A request from a customer of its own through the web form, triaged (so it keeps its embedding), then marked a feature request by staff.</summary>
    private async Task<string> TriagedFeatureRequestAsync(HttpClient staff, string subject, string message)
    {
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(github.Host.CreateClient(), Api.Form($"ideas.{Guid.NewGuid():N}@example.org", subject, message)));
        var triaged = await Api.TicketWithEventAsync(staff, reference, "triaged");
        if ((string?)triaged["category"] != "feature-request")
        {
            Assert.Equal(HttpStatusCode.OK, await WhileAssignmentRacesAsync(() => PatchAsync(staff, reference, new { category = "feature-request", severity = "S3" })));
        }

        return reference;
    }

    /// <summary>
    /// A change made just after triage may race with assignment, which saves the ticket too: 412, and staff would read
    /// it again and repeat the change, as this does.
    /// </summary>
    private static async Task<HttpStatusCode> WhileAssignmentRacesAsync(Func<Task<HttpResponseMessage>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await change();
            if (response.StatusCode != HttpStatusCode.PreconditionFailed || attempt == 5)
            {
                return response.StatusCode;
            }
        }
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient staff, string reference, object body)
    {
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        return await staff.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> ProposeAsync(HttpClient staff, string reference, object body)
    {
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/forum") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        return await staff.SendAsync(request);
    }

    private Task<JsonObject> PostedAsync(HttpClient staff, string reference) =>
        Eventually.GetAsync(async () => await Api.TicketAsync(staff, reference) is { } t && (string?)t["forum"]?["status"] == "posted" ? t : null, $"{reference} to be on the forum");

    private async Task<IReadOnlyList<JsonObject>> TopicsAsync() =>
        [.. (await github.Host.CreateClient().GetFromJsonAsync<JsonArray>("/_dev/discourse/topics"))!.Select(t => t!.AsObject())];
}
