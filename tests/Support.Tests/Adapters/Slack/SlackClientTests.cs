using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Support.Adapters.Slack;
using Support.Core.Chat;
using Support.Core.Ports;
using Support.Core.Queues;
using Xunit;

namespace Support.Tests.Adapters.Slack;

/// <summary>The typed Slack client against Slack's documented answers: errors in a 200, rate limits as 429 with Retry-After.</summary>
public sealed class SlackClientTests
{
    [Fact]
    public async Task A_post_goes_as_json_with_the_bot_token_and_returns_the_channel_and_ts()
    {
        var slack = new ScriptedSlack(_ => Answer(HttpStatusCode.OK, """{"ok":true,"channel":"C123ABC456","ts":"1503435956.000247","message":{"text":"Here's a message for you"}}"""));
        var posted = await Client(slack).PostAsync(new ChatMessage("C123ABC456", "Here's a message for you", """[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]""", ThreadTs: "1503435950.000100"), CancellationToken.None);

        Assert.Equal(new PostedChat("C123ABC456", "1503435956.000247"), posted);
        var (request, body) = Assert.Single(slack.Requests);
        Assert.Equal("https://slack.test/api/chat.postMessage", request.RequestUri!.ToString());
        Assert.Equal("Bearer xoxb-test", request.Headers.Authorization!.ToString());
        var sent = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("C123ABC456", (string?)sent["channel"]);
        Assert.Equal("1503435950.000100", (string?)sent["thread_ts"]);
        Assert.Equal("section", (string?)sent["blocks"]![0]!["type"]);
    }

    [Fact]
    public async Task An_error_answered_with_200_throws_with_slacks_code()
    {
        var slack = new ScriptedSlack(_ => Answer(HttpStatusCode.OK, """{"ok":false,"error":"channel_not_found"}"""));
        var error = await Assert.ThrowsAsync<TeamChatException>(() => Client(slack).SetTopicAsync("C0NOPE", "On duty", CancellationToken.None));
        Assert.Equal("channel_not_found", error.Error);
        Assert.Equal("conversations.setTopic", error.Method);
    }

    [Fact]
    public async Task A_rate_limit_says_when_to_come_back()
    {
        var slack = new ScriptedSlack(_ =>
        {
            var answer = Answer(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"ratelimited"}""");
            answer.Headers.Add("Retry-After", "30");
            return answer;
        });
        var later = await Assert.ThrowsAsync<RetryLaterException>(() => Client(slack).PostAsync(new ChatMessage("C1", "hi"), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(30), later.After);
    }

    [Fact]
    public async Task A_users_profile_brings_the_address_only_when_slack_shows_it()
    {
        var slack = new ScriptedSlack(request => request.Content!.ReadAsStringAsync().Result.Contains("U0HIDDEN", StringComparison.Ordinal)
            ? Answer(HttpStatusCode.OK, """{"ok":true,"user":{"id":"U0HIDDEN","name":"spengler","profile":{"real_name":"Egon Spengler","display_name":"spengler"}}}""")
            : request.Content!.ReadAsStringAsync().Result.Contains("U0GONE", StringComparison.Ordinal)
                ? Answer(HttpStatusCode.OK, """{"ok":false,"error":"user_not_found"}""")
                : Answer(HttpStatusCode.OK, """{"ok":true,"user":{"id":"W012A3CDE","name":"spengler","real_name":"Egon Spengler","profile":{"real_name":"Egon Spengler","email":"spengler@ghostbusters.example.com"}}}"""));
        var client = Client(slack);

        Assert.Equal(new ChatUser("W012A3CDE", "Egon Spengler", "spengler@ghostbusters.example.com"), await client.GetUserAsync("W012A3CDE", CancellationToken.None));
        Assert.Equal(new ChatUser("U0HIDDEN", "Egon Spengler", null), await client.GetUserAsync("U0HIDDEN", CancellationToken.None));
        Assert.Null(await client.GetUserAsync("U0GONE", CancellationToken.None));
    }

    [Fact]
    public async Task A_stream_post_carries_its_ticket_as_metadata_and_is_found_again_by_it_in_the_channels_history()
    {
        var slack = new ScriptedSlack(request => request.RequestUri!.AbsolutePath.EndsWith("chat.postMessage", StringComparison.Ordinal)
            ? Answer(HttpStatusCode.OK, """{"ok":true,"channel":"C0STREAM","ts":"1700000100.000200"}""")
            : Answer(HttpStatusCode.OK, """
                {"ok":true,"has_more":false,"messages":[
                  {"type":"message","ts":"1700000101.000300","text":"SUP-OTHER","metadata":{"event_type":"support_ticket","event_payload":{"reference":"SUP-OTHER"}}},
                  {"type":"message","ts":"1700000100.000250","text":"someone mentions SUP-ABC"},
                  {"type":"message","ts":"1700000100.000200","text":"SUP-ABC","metadata":{"event_type":"support_ticket","event_payload":{"reference":"SUP-ABC"}}}]}
                """));
        var client = Client(slack);

        await client.PostAsync(new ChatMessage("C0STREAM", "SUP-ABC", Marker: "SUP-ABC"), CancellationToken.None);
        var found = await client.FindPostedAsync("C0STREAM", "SUP-ABC", DateTimeOffset.FromUnixTimeSeconds(1700000000), CancellationToken.None);

        Assert.Equal(new PostedChat("C0STREAM", "1700000100.000200"), found);
        var metadata = JsonNode.Parse(slack.Requests[0].Body)!["metadata"]!;
        Assert.Equal("support_ticket", (string?)metadata["event_type"]);
        Assert.Equal("SUP-ABC", (string?)metadata["event_payload"]!["reference"]);
        var (history, query) = slack.Requests[1];
        Assert.Equal("https://slack.test/api/conversations.history", history.RequestUri!.ToString());
        Assert.Contains("include_all_metadata=true", query, StringComparison.Ordinal);
        Assert.Contains("oldest=1700000000", query, StringComparison.Ordinal);
        Assert.Null(await client.FindPostedAsync("C0STREAM", "SUP-NONE", DateTimeOffset.FromUnixTimeSeconds(1700000000), CancellationToken.None));
    }

    [Fact]
    public async Task A_direct_message_goes_to_the_conversation_conversations_open_answers_and_a_delete_of_a_gone_message_is_done()
    {
        var slack = new ScriptedSlack(request => request.RequestUri!.AbsolutePath.EndsWith("conversations.open", StringComparison.Ordinal)
            ? Answer(HttpStatusCode.OK, """{"ok":true,"channel":{"id":"D069C7QFK"}}""")
            : Answer(HttpStatusCode.OK, """{"ok":false,"error":"message_not_found"}"""));
        var client = Client(slack);

        Assert.Equal("D069C7QFK", await client.OpenDirectAsync("W1234567890", CancellationToken.None));
        Assert.Equal("W1234567890", (string?)JsonNode.Parse(slack.Requests[0].Body)!["users"]);
        await client.DeleteAsync("C0STREAM", "1700000100.000200", CancellationToken.None);
        Assert.Equal("https://slack.test/api/chat.delete", slack.Requests[1].Request.RequestUri!.ToString());
    }

    private static SlackClient Client(ScriptedSlack slack) =>
        new(new HttpClient(slack), Options.Create(new SlackOptions { BotToken = "xoxb-test", ApiBaseUrl = "https://slack.test/api" }));

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class ScriptedSlack(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request, body));
            return answer(request);
        }
    }
}
