using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Security;

/// <summary>A corpus of nasty web-form posts through the local host: a 4xx with a reason or an acceptance, never a 500, never an injected header or live markup in the mail that follows.</summary>
public sealed class HostileInputTests(AzuriteFixture env)
{
    public static TheoryData<string, string, string> Corpus()
    {
        var huge = new string('A', 10_000);
        var deep = new string('[', 5000) + new string(']', 5000);
        return new TheoryData<string, string, string>
        {
            { "oversized name", "application/json", Json(name: huge) },
            { "oversized subject", "application/json", Json(subject: huge) },
            { "oversized message", "application/json", Json(message: new string('m', 30_000)) },
            { "oversized idempotency-free product", "application/json", Json(product: huge) },
            { "json nested 5000 deep", "application/json", deep },
            { "json of the wrong shape", "application/json", """{"name":["a"],"email":{"x":1},"subject":12,"message":true}""" },
            { "json null", "application/json", "null" },
            { "json string", "application/json", "\"hello\"" },
            { "empty json body", "application/json", string.Empty },
            { "nul bytes", "application/json", Json(name: "Eve\0\0", subject: "\0", message: "\0\0\0") },
            { "only control characters", "application/json", Json(name: "\u0001\u0002", subject: "\r\n\r\n", message: "\u0007\u0008") },
            { "bidi and zero-width tricks", "application/json", Json(name: "\u202Eevil\u200B", subject: "\uFEFF\u2028\u2029") },
            { "lone surrogates", "application/json", "{\"name\":\"\\ud800\",\"email\":\"a@example.com\",\"subject\":\"\\udc00x\",\"message\":\"\\ud83d\"}" },
            { "a form with two thousand fields", "application/x-www-form-urlencoded", string.Concat(Enumerable.Repeat("x=1&", 2000)) + "name=a&email=a%40example.com&subject=s&message=m" },
            { "a form key of 5000 characters", "application/x-www-form-urlencoded", new string('k', 5000) + "=1&name=a" },
            { "a broken percent escape", "application/x-www-form-urlencoded", "name=%ZZ%&email=%E0%A4%A&subject=%&message=%%" },
            { "multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nEve\r\n--x--\r\n" },
            { "xml", "application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><x>&a;</x>" },
            { "a media type with junk parameters", "application/json; charset=utf-7; boundary=\"\r\n", Json() },
        };
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Nasty_web_form_posts_get_a_4xx_with_a_reason_and_never_a_500(string what, string mediaType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);

        var response = await env.Host.CreateClient().PostAsync("/api/inquiries/web", content);

        await AssertRefusedWithAReasonOrAcceptedAsync(what, response);
    }

    [Fact]
    public async Task Invalid_utf8_bytes_get_a_4xx_with_a_reason_or_are_accepted_with_replacement_characters()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"name\":\"Eve ");
        var suffix = Encoding.UTF8.GetBytes("\",\"email\":\"" + Api.UniqueEmail("utf8") + "\",\"subject\":\"bytes\",\"message\":\"bad bytes\"}");
        byte[] invalid = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
        var json = new ByteArrayContent([.. prefix, .. invalid, .. suffix]);
        json.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var form = new ByteArrayContent([.. Encoding.ASCII.GetBytes("name=Eve"), .. invalid, .. Encoding.ASCII.GetBytes("&email=" + Uri.EscapeDataString(Api.UniqueEmail("utf8")) + "&subject=bytes&message=bad")]);
        form.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

        await AssertRefusedWithAReasonOrAcceptedAsync("invalid UTF-8 in JSON", await env.Host.CreateClient().PostAsync("/api/inquiries/web", json));
        await AssertRefusedWithAReasonOrAcceptedAsync("invalid UTF-8 in a form", await env.Host.CreateClient().PostAsync("/api/inquiries/web", form));
    }

    [Fact]
    public async Task A_thousand_request_headers_do_not_break_intake()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inquiries/web") { Content = JsonContent.Create(Api.Form(Api.UniqueEmail("headers"))) };
        for (var i = 0; i < 1000; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Junk-{i}", new string('v', 50));
        }

        await AssertRefusedWithAReasonOrAcceptedAsync("a thousand headers", await env.Host.CreateClient().SendAsync(request));
    }

    [Fact]
    public async Task Line_breaks_in_name_and_subject_never_reach_the_mail_headers_and_markup_is_escaped_in_the_mail()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail("inject");
        var form = new
        {
            name = "Eve <script>alert('name')</script>\r\nBcc: victim@example.net",
            email,
            subject = "Help\r\nBcc: victim@example.net\r\nX-Injected: yes\n<img src=x onerror=alert(1)>",
            message = "<script>alert(document.cookie)</script>\r\n<iframe src=javascript:alert(1)>",
        };

        var response = await Api.PostWebAsync(client, form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = await Api.ReferenceOf(response);
        await Api.TicketWithEventAsync(env.Host.CreateStaffClient(), reference, "acknowledged");
        var mail = Assert.Single(await Api.MailsToAsync(client, email));
        var headers = mail["headers"]!.AsObject();
        Assert.DoesNotContain(headers, h => h.Key.Equals("Bcc", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("X-Injected", StringComparison.OrdinalIgnoreCase));
        Assert.All(headers, h => Assert.DoesNotContain(h.Value!.GetValue<string>(), c => c is '\r' or '\n'));
        // The acknowledgement quotes neither subject nor message, so neither can reach a header or the body through it.
        Assert.Equal($"[{reference}] We received your request", mail["subject"]!.GetValue<string>());
        Assert.DoesNotContain("X-Injected", mail["text"]!.GetValue<string>() + mail["html"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([email], mail["to"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(mail["cc"]!.AsArray());

        var html = mail["html"]!.GetValue<string>();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedWithAReasonOrAcceptedAsync(string what, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        Assert.True(status is 202 or (>= 400 and < 500), $"{what}: {status}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            var reason = (problem?["detail"]?.GetValue<string>() ?? string.Empty) + (problem?["title"]?.GetValue<string>() ?? string.Empty) + (problem?["errors"]?.ToJsonString() ?? string.Empty);
            Assert.False(string.IsNullOrWhiteSpace(reason), $"{what}: {status} without a reason");
        }
    }

    private static string Json(string name = "Eve", string? email = null, string subject = "Subject", string message = "Message", string? product = null) =>
        new JsonObject
        {
            ["name"] = name,
            ["email"] = email ?? Api.UniqueEmail("hostile"),
            ["subject"] = subject,
            ["message"] = message,
            ["product"] = product,
        }.ToJsonString();
}
