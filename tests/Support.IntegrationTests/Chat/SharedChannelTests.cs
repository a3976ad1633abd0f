using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Chat;

/// <summary>A customer's question in a shared channel becomes a ticket, answered in its thread both ways, with edits and deletions kept.</summary>
public sealed class SharedChannelTests(SlackHostFixture slack) : IClassFixture<SlackHostFixture>
{
    [Fact]
    public async Task A_shared_channel_question_becomes_a_ticket_a_console_reply_appears_in_its_thread_and_a_customer_reply_threads_back()
    {
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var fraction = Random.Shared.Next(100000, 999999);
        var ts = $"{seconds}.{fraction}";
        var question = SlackRequests.Callback(Message("U0CUSTOMER", "Export to CSV fails for every report\nIt says error 500.", ts), "Ev0QUESTION" + ts.Replace(".", string.Empty, StringComparison.Ordinal));

        // Delivered, then retried by Slack (as if our answer had been late): one ticket.
        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.EventAsync(slack.Host.CreateClient(), question, SlackHostFixture.SigningSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.EventAsync(slack.Host.CreateClient(), question, SlackHostFixture.SigningSecret, retryNum: 1)).StatusCode);

        var ack = await Eventually.GetAsync(
            async () => (await slack.SlackAsync())["messages"]!.AsArray().Select(m => m!.AsObject()).SingleOrDefault(m => (string?)m["threadTs"] == ts && ((string?)m["text"])!.StartsWith("Thanks", StringComparison.Ordinal)),
            "the acknowledgement in the question's thread");
        var reference = System.Text.RegularExpressions.Regex.Match((string)ack["text"]!, "SUP-[0-9A-Z]{6}").Value;
        var staff = slack.Host.CreateStaffClient();
        var ticket = await Api.TicketWithEventAsync(staff, reference, "assigned");
        Assert.Equal("chat", (string?)ticket["channel"]);
        Assert.Equal("Export to CSV fails for every report", (string?)ticket["subject"]);
        Assert.Equal("u0customer@customer.example", (string?)ticket["requester"]!["email"]);
        Assert.Empty(await Api.MailsToAsync(slack.Host.CreateClient(), "u0customer@customer.example"));

        await SlackRequests.EventAsync(slack.Host.CreateClient(), question, SlackHostFixture.SigningSecret, retryNum: 2);
        Assert.Single((await slack.SlackAsync())["messages"]!.AsArray(), m => (string?)m!["threadTs"] == ts);

        // Staff answer in the console: the answer appears in the thread.
        var assignee = (string)ticket["assignee"]!;
        var person = await slack.Host.CreateSignedInClientAsync(assignee);
        for (var attempt = 1; ; attempt++)
        {
            var current = await person.GetAsync($"/api/tickets/{reference}");
            using var reply = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/replies") { Content = JsonContent.Create(new { body = "Thanks, we are looking at the export now." }) };
            reply.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
            var answer = await person.SendAsync(reply);
            if (answer.StatusCode != HttpStatusCode.PreconditionFailed || attempt == 10)
            {
                Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                break;
            }
        }

        await Eventually.GetAsync(
            async () => (await slack.SlackAsync())["messages"]!.AsArray().Select(m => m!.AsObject())
                .SingleOrDefault(m => (string?)m["threadTs"] == ts && ((string?)m["text"])!.Contains("we are looking at the export now", StringComparison.Ordinal)),
            "the staff reply in the thread");

        // The customer answers in the thread, edits it, then deletes it: all of it on the ticket.
        var answerTs = $"{seconds + 60}.{fraction}";
        Assert.Equal(HttpStatusCode.OK, (await SlackRequests.EventAsync(slack.Host.CreateClient(), SlackRequests.Callback(Message("U0CUSTOMER", "It happens with the PDF export too.", answerTs, thread: ts)), SlackHostFixture.SigningSecret)).StatusCode);
        var threaded = await Api.TicketWithEventAsync(staff, reference, "customer-message");
        Assert.Contains(threaded["timeline"]!.AsArray(), e => (string?)e!["type"] == "customer-message" && ((string?)e["details"]!["body"])!.Contains("PDF export", StringComparison.Ordinal));

        await SlackRequests.EventAsync(slack.Host.CreateClient(), SlackRequests.Callback(new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_changed",
            ["channel"] = SlackHostFixture.SharedChannel,
            ["hidden"] = true,
            ["ts"] = $"{seconds + 120}.{fraction}",
            ["message"] = new JsonObject { ["type"] = "message", ["user"] = "U0CUSTOMER", ["text"] = "It happens with the PDF and XLSX exports too.", ["ts"] = answerTs, ["thread_ts"] = ts },
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U0CUSTOMER", ["text"] = "It happens with the PDF export too.", ["ts"] = answerTs, ["thread_ts"] = ts },
        }), SlackHostFixture.SigningSecret);
        await SlackRequests.EventAsync(slack.Host.CreateClient(), SlackRequests.Callback(new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_deleted",
            ["channel"] = SlackHostFixture.SharedChannel,
            ["hidden"] = true,
            ["deleted_ts"] = answerTs,
            ["ts"] = $"{seconds + 180}.{fraction}",
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U0CUSTOMER", ["text"] = "It happens with the PDF and XLSX exports too.", ["ts"] = answerTs, ["thread_ts"] = ts },
        }), SlackHostFixture.SigningSecret);

        var edited = await Api.TicketWithEventAsync(staff, reference, "chat-message-edited");
        var deleted = await Api.TicketWithEventAsync(staff, reference, "chat-message-deleted");
        Assert.Contains(edited["timeline"]!.AsArray(), e => (string?)e!["type"] == "chat-message-edited" && (string?)e["details"]!["previous"] == "It happens with the PDF export too.");
        Assert.Contains(deleted["timeline"]!.AsArray(), e => (string?)e!["type"] == "chat-message-deleted" && (string?)e["details"]!["previous"] == "It happens with the PDF and XLSX exports too.");
    }

    private static JsonObject Message(string user, string text, string ts, string? thread = null)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = SlackHostFixture.SharedChannel,
            ["user"] = user,
            ["text"] = text,
            ["ts"] = ts,
            ["event_ts"] = ts,
            ["channel_type"] = "channel",
        };
        if (thread is not null)
        {
            message["thread_ts"] = thread;
        }

        return message;
    }
}
