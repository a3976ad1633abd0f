using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Chat;

/// <summary>The stream message's buttons, as Slack sends them (block_actions), and the console's Escalate through the API.</summary>
public sealed class SlackActionTests(SlackHostFixture slack) : IClassFixture<SlackHostFixture>
{
    [Fact]
    public async Task Escalate_in_slack_goes_to_technical_support_once_however_often_slack_sends_it_and_both_are_told()
    {
        var reference = await StaffTickets.CreateAsync(slack.Host.Services, assignee: "amira");
        await Eventually.GetAsync(async () => (await slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(), $"{reference} in the stream");

        var click = BlockAction("U0AMIRA", "escalate", reference);
        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.ActionAsync(slack.Host.CreateClient(), click, SlackHostFixture.SigningSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.ActionAsync(slack.Host.CreateClient(), click, SlackHostFixture.SigningSecret)).StatusCode);

        var ticket = (await Api.TicketAsync(slack.Host.CreateStaffClient(), reference))!;
        var escalated = Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "escalated")!;
        Assert.Equal("amira", (string?)escalated["details"]!["by"]);
        Assert.Equal("escalated from Slack", (string?)escalated["details"]!["why"]);
        var technical = (string)ticket["assignee"]!;
        Assert.Equal(technical, (string?)escalated["details"]!["to"]);
        Assert.NotEqual("amira", technical);

        var streamed = await Eventually.GetAsync(
            async () => (await slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(m => ((string?)m["text"])!.Contains(technical, StringComparison.Ordinal)),
            $"{reference}'s stream message to name {technical}");
        Assert.NotEmpty(streamed["updates"]!.AsArray());
        await Eventually.GetAsync(async () => (await slack.MessagesAsync("D0AMIRA", reference)).SingleOrDefault(), "amira told by direct message");
        await Eventually.GetAsync(async () => (await slack.MessagesAsync("D0" + technical.ToUpperInvariant(), reference)).SingleOrDefault(), $"{technical} told by direct message");
    }

    [Fact]
    public async Task Take_it_in_slack_gives_the_ticket_to_whoever_clicked_once_and_strangers_change_nothing()
    {
        var reference = await StaffTickets.CreateAsync(slack.Host.Services, assignee: "amira");

        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.ActionAsync(slack.Host.CreateClient(), BlockAction("U0NOBODY", "take", reference), SlackHostFixture.SigningSecret)).StatusCode);
        Assert.Equal("amira", (string?)(await Api.TicketAsync(slack.Host.CreateStaffClient(), reference))!["assignee"]);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SlackRequests.ActionAsync(slack.Host.CreateClient(), BlockAction("U0MARIA", "take", reference), SlackHostFixture.SigningSecret)).StatusCode);
        }

        var ticket = (await Api.TicketAsync(slack.Host.CreateStaffClient(), reference))!;
        Assert.Equal("maria", (string?)ticket["assignee"]);
        Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "assigned" && (string?)e["details"]!["assignee"] == "maria");
    }

    [Fact]
    public async Task The_consoles_escalate_needs_the_version_and_records_who_and_why()
    {
        var reference = await StaffTickets.CreateAsync(slack.Host.Services, assignee: "amira");
        var amira = await slack.Host.CreateSignedInClientAsync("amira");

        var without = await amira.PostAsJsonAsync($"/api/tickets/{reference}/escalate", new { why = "database error" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);

        var current = await amira.GetAsync($"/api/tickets/{reference}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/escalate") { Content = JsonContent.Create(new { why = "database error" }) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        var answer = await amira.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var ticket = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        var escalated = Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "escalated")!;
        Assert.Equal("amira", (string?)escalated["details"]!["by"]);
        Assert.Equal("database error", (string?)escalated["details"]!["why"]);
        Assert.Equal((string?)ticket["assignee"], (string?)escalated["details"]!["to"]);
    }

    /// <summary>A block_actions payload as Slack posts it when <paramref name="user"/> clicks a stream message's button.</summary>
    public static JsonObject BlockAction(string user, string actionId, string reference) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = "T0TEAM" },
        ["api_app_id"] = "A0APP",
        ["token"] = "deprecated-verification-token",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = SlackHostFixture.StreamChannel, ["is_ephemeral"] = false },
        ["trigger_id"] = "12345.98765.abcd2358fdea",
        ["team"] = new JsonObject { ["id"] = "T0TEAM", ["domain"] = "example" },
        ["channel"] = new JsonObject { ["id"] = SlackHostFixture.StreamChannel, ["name"] = "support-stream" },
        ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/abc",
        ["actions"] = new JsonArray
        {
            new JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "ticket:" + reference,
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = actionId, ["emoji"] = true },
                ["value"] = reference,
                ["type"] = "button",
                ["action_ts"] = "1700000001.000200",
            },
        },
    };
}
