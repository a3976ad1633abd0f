using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests;

/// <summary>The walking skeleton end to end: web form → queue → triage → assignment → acknowledgement, on real Azurite.</summary>
public sealed class WebFormPipelineTests(AzuriteFixture env)
{
    [Fact]
    public async Task A_web_inquiry_becomes_an_assigned_ticket_and_the_sender_gets_an_acknowledgement()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var email = Api.UniqueEmail();

        var response = await Api.PostWebAsync(client, Api.Form(email));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = await Api.ReferenceOf(response);
        Assert.Matches("^SUP-[0-9A-Z]{6}$", reference);
        Assert.Equal($"/api/tickets/{reference}", response.Headers.Location!.OriginalString);

        var ticket = await Api.TicketWithEventAsync(staff, reference, "acknowledged");
        Assert.Equal(reference, ticket["reference"]!.GetValue<string>());
        Assert.Equal("new", ticket["status"]!.GetValue<string>());
        Assert.Equal("technical", ticket["category"]!.GetValue<string>());
        Assert.Equal("web", ticket["channel"]!.GetValue<string>());
        Assert.Equal(email, ticket["requester"]!["email"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(ticket["assignee"]?.GetValue<string>()));
        // Each step in order; the shared host's other tickets may add a manager alert (capacity) in between.
        var steps = ticket["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(
            ["received", "triaged", "assigned", "acknowledged", "assignee-notified"],
            steps.Where(s => s is "received" or "triaged" or "assigned" or "acknowledged" or "assignee-notified"));

        var mail = Assert.Single(await Api.MailsToAsync(client, email));
        Assert.Contains($"[{reference}]", mail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("will answer within", mail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches($@"^<{reference}\.ack\.[0-9a-f]{{20}}@support\.example\.com>$", mail["headers"]!["Message-ID"]!.GetValue<string>());
        Assert.Equal("auto-replied", mail["headers"]!["Auto-Submitted"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_form_post_from_a_browser_is_accepted_too()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail();
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Grace", ["email"] = email, ["subject"] = "Pricing for 20 seats", ["message"] = "Could you send a quote?",
        });

        var response = await client.PostAsync("/api/inquiries/web", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = await Api.ReferenceOf(response);
        var ticket = await Api.TicketWithEventAsync(env.Host.CreateStaffClient(), reference, "assigned");
        Assert.Equal("business", ticket["category"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_submission_retried_creates_one_ticket_and_one_acknowledgement()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var email = Api.UniqueEmail();
        var form = Api.Form(email);

        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, form, idempotencyKey: "retry-" + email));
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, form, idempotencyKey: "retry-" + email));
        var third = await Api.ReferenceOf(await Api.PostWebAsync(client, form));
        var fourth = await Api.ReferenceOf(await Api.PostWebAsync(client, form));

        Assert.Equal(first, second);
        Assert.Equal(third, fourth);
        await Api.TicketWithEventAsync(staff, first, "acknowledged");
        await Api.TicketWithEventAsync(staff, third, "acknowledged");
        var list = await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?requester={Uri.EscapeDataString(email)}");
        Assert.Equal(2, list!["items"]!.AsArray().Count);
        Assert.Equal(2, (await Api.MailsToAsync(client, email)).Count);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_every_bad_field_named_and_nothing_stored()
    {
        var client = env.Host.CreateClient();
        var email = "not-an-address";

        var response = await Api.PostWebAsync(client, new { name = "", email, subject = "", message = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["email", "message", "name", "subject"], problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bodies_over_64_KiB_are_refused_with_413()
    {
        var client = env.Host.CreateClient();
        var content = new StringContent(new string(' ', 65 * 1024) + "{}", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/inquiries/web", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_and_other_media_types_get_a_reason()
    {
        var client = env.Host.CreateClient();

        var malformed = await client.PostAsync("/api/inquiries/web", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        var text = await client.PostAsync("/api/inquiries/web", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not a valid JSON", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_filled_in_honeypot_looks_accepted_but_creates_no_ticket()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var email = Api.UniqueEmail("bot");

        var response = await Api.PostWebAsync(client, new { name = "Bot", email, subject = "Buy now", message = "spam", website = "http://spam.example" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = await Api.ReferenceOf(response);
        await Task.Delay(500);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/tickets/{reference}")).StatusCode);
        var list = await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?requester={Uri.EscapeDataString(email)}");
        Assert.Empty(list!["items"]!.AsArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Staff_routes_refuse_a_missing_or_wrong_key(string? key)
    {
        var client = env.Host.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        var single = await client.GetAsync("/api/tickets/SUP-7K3Q9F");
        var list = await client.GetAsync("/api/tickets");

        Assert.Equal(HttpStatusCode.Unauthorized, single.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.DoesNotContain("SUP-", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_is_refused_as_the_code_parameter_where_logs_and_history_would_keep_it()
    {
        var client = env.Host.CreateClient();

        var response = await client.GetAsync($"/api/tickets?code={LocalHostFactory.IntegrationKey}&channel=web");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-functions-key header only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_filters_are_refused_with_their_names()
    {
        var staff = env.Host.CreateStaffClient();

        var response = await staff.GetAsync("/api/tickets?channel=fax&status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["channel", "status"], problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
