using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Chat;

/// <summary>Slack's requests are admitted only signed with the signing secret and fresh; the Events API handshake is answered.</summary>
public sealed class SlackSecurityTests(SlackHostFixture slack) : IClassFixture<SlackHostFixture>
{
    [Fact]
    public async Task The_url_verification_handshake_is_answered_with_its_challenge()
    {
        var response = await SlackRequests.EventAsync(slack.Host.CreateClient(), new JsonObject
        {
            ["token"] = "deprecated-verification-token",
            ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            ["type"] = "url_verification",
        }, SlackHostFixture.SigningSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_or_stale_signature_gets_401_and_changes_nothing()
    {
        var before = (await slack.SlackAsync()).ToJsonString();
        var ticketsBefore = await slack.Host.CreateStaffClient().GetStringAsync("/api/tickets");
        var question = SlackRequests.Callback(new JsonObject
        {
            ["type"] = "message",
            ["channel"] = SlackHostFixture.SharedChannel,
            ["user"] = "U0FORGED",
            ["text"] = "Forged question that must never become a ticket",
            ["ts"] = "1700000000.000100",
            ["channel_type"] = "channel",
        });

        foreach (var (what, secret, at) in new (string, string?, DateTimeOffset?)[]
        {
            ("no signature", null, null),
            ("another secret", "not-the-signing-secret", null),
            ("six minutes old", SlackHostFixture.SigningSecret, DateTimeOffset.UtcNow.AddMinutes(-6)),
            ("six minutes ahead", SlackHostFixture.SigningSecret, DateTimeOffset.UtcNow.AddMinutes(6)),
        })
        {
            var response = await SlackRequests.EventAsync(slack.Host.CreateClient(), question, secret, at);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode}");
        }

        Assert.Equal(ticketsBefore, await slack.Host.CreateStaffClient().GetStringAsync("/api/tickets"));
        Assert.Equal(before, (await slack.SlackAsync()).ToJsonString());
    }
}
