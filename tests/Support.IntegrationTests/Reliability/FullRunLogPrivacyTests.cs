using System.Net;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>
/// The logs of a whole pipeline run, failures included (refused posts, rejected keys, a redelivered
/// message), on a host that knows every secret: none of them, and no full address, phone or body, is written.
/// </summary>
public sealed class FullRunLogPrivacyTests
{
    private const string InboundEmailKey = "inbound-email-secret-5b1d";
    private const string TwilioToken = "twilio-auth-token-9c4e";

    [Fact]
    public async Task A_full_run_logs_no_secret_and_no_full_personal_data()
    {
        await using var storage = await OwnStorage.StartAsync();
        await using var host = new LocalHostFactory(storage.ConnectionString, new Dictionary<string, string?>
        {
            ["InboundEmailKey"] = InboundEmailKey,
            ["Twilio:AuthToken"] = TwilioToken,
            ["SendGrid:ApiKey"] = "SG.sendgrid-secret-7f2a",
        });
        var client = host.CreateClient();
        var staff = host.CreateStaffClient();
        var emails = new List<string>();
        const string phone = "+44 20 7946 0958";
        const string body = "Please call me back about contract 88-1234, my card ends 4242 and the door code is 1970";

        for (var i = 0; i < 3; i++)
        {
            var email = Api.UniqueEmail("fullrun");
            emails.Add(email);
            var response = await Api.PostWebAsync(client, new { name = "Ada Lovelace", email, phone, subject = "Private subject " + i, message = body });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Api.TicketWithEventAsync(staff, await Api.ReferenceOf(response), "assignee-notified");
        }

        // The failure paths log too: invalid input, wrong keys, a retried submission.
        await Api.PostWebAsync(client, new { name = "Ada", email = "ada@@example", phone = "+1 nonsense", subject = "", message = body });
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/tickets?code=" + InboundEmailKey))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }

        await Api.PostWebAsync(client, new { name = "Ada Lovelace", email = emails[0], phone, subject = "Private subject 0", message = body });

        var lines = host.Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { LocalHostFactory.IntegrationKey, InboundEmailKey, TwilioToken, "SG.sendgrid-secret-7f2a", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        foreach (var email in emails)
        {
            Assert.DoesNotContain(lines, l => l.Contains(email, StringComparison.OrdinalIgnoreCase));
        }

        Assert.DoesNotContain(lines, l => l.Contains("ada@@example", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("7946 0958", StringComparison.Ordinal) || l.Contains("+442079460958", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("contract 88-1234", StringComparison.Ordinal) || l.Contains("door code", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Private subject", StringComparison.Ordinal));
    }
}
