using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>What every accepted inquiry must come to: exactly one ticket, triaged and assigned once, and exactly one acknowledgement.</summary>
public static class Outcome
{
    public static async Task AssertExactlyOneTicketAndOneAcknowledgementAsync(LocalHostFactory host, string email, string reference, TimeSpan timeout)
    {
        var staff = host.CreateStaffClient();
        var ticket = await Eventually.GetAsync(
            async () =>
            {
                var t = await Api.TicketAsync(staff, reference);
                return t is not null && Types(t).Contains("acknowledged") && Types(t).Contains("assignee-notified") ? t : null;
            },
            $"{reference} to be acknowledged",
            timeout);

        var types = Types(ticket);
        Assert.Equal(1, types.Count(t => t == "received"));
        Assert.Equal(1, types.Count(t => t == "triaged"));
        Assert.Equal(1, types.Count(t => t == "assigned"));
        Assert.Equal(1, types.Count(t => t == "acknowledged"));
        Assert.Equal(1, types.Count(t => t == "assignee-notified"));

        var list = await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?requester={Uri.EscapeDataString(email)}");
        Assert.Equal(reference, Assert.Single(list!["items"]!.AsArray())!["reference"]!.GetValue<string>());
        Assert.Single(await Api.MailsToAsync(host.CreateClient(), email));
    }

    private static List<string> Types(JsonObject ticket) =>
        [.. ticket["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())];
}
