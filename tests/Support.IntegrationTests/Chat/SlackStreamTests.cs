using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Chat;

/// <summary>The stream channel through a ticket's life, as Slack's stand-in holds it: one message, updated in place.</summary>
public sealed class SlackStreamTests(SlackHostFixture slack) : IClassFixture<SlackHostFixture>
{
    [Fact]
    public async Task A_stream_message_is_updated_in_place_through_a_tickets_life()
    {
        var email = Api.UniqueEmail("stream");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(slack.Host.CreateClient(), Api.Form(email, "Export to CSV fails")));
        var staff = slack.Host.CreateStaffClient();

        var posted = await Eventually.GetAsync(async () => (await slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(), $"{reference} in the stream");
        Assert.Contains("Export to CSV fails", (string?)posted["text"], StringComparison.Ordinal);
        Assert.DoesNotContain(email, posted.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // Solved by staff: the same message now says so.
        Assert.Equal(HttpStatusCode.OK, await PatchAsync(staff, reference, new { status = "solved" }));

        var solved = await Eventually.GetAsync(
            async () => (await slack.MessagesAsync(SlackHostFixture.StreamChannel, reference)).SingleOrDefault(m => ((string?)m["text"])!.Contains("(solved,", StringComparison.Ordinal)),
            $"{reference}'s stream message to say solved");

        Assert.Equal((string?)posted["ts"], (string?)solved["ts"]);
        Assert.NotEmpty(solved["updates"]!.AsArray());
        Assert.Single(await slack.MessagesAsync(SlackHostFixture.StreamChannel, reference));
        var buttons = solved["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal($"https://support.example.test/api/console#ticket/{reference}", (string?)buttons.Single(b => (string?)b!["action_id"] == "open")!["url"]);
    }

    /// <summary>A staff change on the ticket's current version (the pipeline may still be recording its mails: a 412 is read again).</summary>
    public static async Task<HttpStatusCode> PatchAsync(HttpClient staff, string reference, object change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await staff.GetAsync($"/api/tickets/{reference}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = JsonContent.Create(change) };
            patch.Headers.TryAddWithoutValidation("If-Match", ticket.Headers.ETag!.ToString());
            var status = (await staff.SendAsync(patch)).StatusCode;
            if (status != HttpStatusCode.PreconditionFailed || attempt == 10)
            {
                return status;
            }
        }
    }
}
