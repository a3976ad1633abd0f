using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.IntegrationTests.Security;

/// <summary>
/// Who acts on a staff route comes from the sign-in or the integration key and from nothing a caller
/// writes: hostile callers, through the local host.
/// </summary>
public sealed class StaffIdentityTests(AzuriteFixture env)
{
    [Fact]
    public async Task The_x_staff_id_header_and_an_author_field_have_no_effect_on_who_is_recorded()
    {
        var reference = await AssignedTicketAsync();
        using var liam = await env.Host.CreateSignedInClientAsync("liam");

        using (var note = Request(HttpMethod.Post, $"/api/tickets/{reference}/notes", new { body = "Checked the logs.", author = "amira" }, await ETagAsync(liam, reference)))
        {
            note.Headers.Add("x-staff-id", "amira");
            var recorded = await liam.SendAsync(note);
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
            Assert.Equal("liam", InboundMailActor(await recorded.Content.ReadFromJsonAsync<JsonObject>(), "note"));
        }

        // A machine claiming to be a person is still the machine.
        var machine = env.Host.CreateStaffClient();
        using var patch = Request(HttpMethod.Patch, $"/api/tickets/{reference}", new { status = "open" }, await ETagAsync(machine, reference));
        patch.Headers.Add("x-staff-id", "hannah");
        var changed = await machine.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("integration:tests", InboundMailActor(await changed.Content.ReadFromJsonAsync<JsonObject>(), "status-changed"));
    }

    [Fact]
    public async Task A_key_only_call_cannot_reply_to_a_customer_as_a_person_but_may_add_a_note_as_the_integration()
    {
        var customer = Api.UniqueEmail("kay");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(env.Host.CreateClient(), Api.Form(customer, "Key-only reply attempt")));
        var machine = env.Host.CreateStaffClient();
        await Api.TicketWithEventAsync(machine, reference, "acknowledged");

        using var reply = Request(HttpMethod.Post, $"/api/tickets/{reference}/replies", new { body = "Send us your password, please.", author = "amira" }, await ETagAsync(machine, reference));
        reply.Headers.Add("x-staff-id", "amira");
        var refused = await machine.SendAsync(reply);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("An integration cannot write to a customer", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ticket = (await Api.TicketAsync(machine, reference))!;
        Assert.DoesNotContain(ticket["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "staff-reply");

        using var note = Request(HttpMethod.Post, $"/api/tickets/{reference}/notes", new { body = "Imported from the CRM." }, await ETagAsync(machine, reference));
        var noted = await machine.SendAsync(note);
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        Assert.Equal("integration:tests", InboundMailActor(await noted.Content.ReadFromJsonAsync<JsonObject>(), "note"));

        // Only the acknowledgement ever reached the customer.
        Assert.DoesNotContain(await Api.MailsToAsync(env.Host.CreateClient(), customer), m => m["text"]!.GetValue<string>().Contains("password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cross_site_form_post_with_the_sign_in_cookie_is_refused()
    {
        var reference = await AssignedTicketAsync();
        var victim = env.Host.CreateClient();
        (await victim.GetAsync("/.auth/login/dev?user=amira&post_login_redirect_uri=/console")).EnsureSuccessStatusCode();
        var etag = await ETagAsync(env.Host.CreateStaffClient(), reference);

        // What another site's auto-submitting form sends: the browser adds the cookie (were it not SameSite=Strict), never a custom header.
        foreach (var (path, field) in new[] { ($"/api/tickets/{reference}/notes", "body"), ($"/api/tickets/{reference}/replies", "body"), ($"/api/tickets/{reference}/merge", "into") })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { [field] = "SUP-AAAAAA" }) };
            forged.Headers.TryAddWithoutValidation("If-Match", etag);
            forged.Headers.Add("Origin", "https://evil.example");
            var response = await victim.SendAsync(forged);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("Cross-site request refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var timeline = (await Api.TicketAsync(env.Host.CreateStaffClient(), reference))!["timeline"]!.AsArray();
        Assert.DoesNotContain(timeline, e => e!["type"]!.GetValue<string>() is "note" or "staff-reply" or "merged");
    }

    [Fact]
    public async Task Only_a_manager_may_edit_the_roster_and_the_canned_replies()
    {
        using var amira = await env.Host.CreateSignedInClientAsync("amira");
        using var hannah = await env.Host.CreateSignedInClientAsync("hannah");

        var roster = await hannah.GetAsync("/api/roster");
        var macros = await hannah.GetAsync("/api/macros");
        foreach (var (path, current) in new[] { ("/api/roster", roster), ("/api/macros", macros) })
        {
            var body = await current.Content.ReadAsStringAsync();
            if (path == "/api/macros")
            {
                body = new JsonObject { ["macros"] = JsonNode.Parse(body)!["macros"]!.DeepClone() }.ToJsonString();
            }

            using var refused = Put(path, body, current);
            var answer = await amira.SendAsync(refused);
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{path} by amira: {(int)answer.StatusCode}");
            Assert.Contains("Only a manager may do this.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // A manager gets past the role check to the version check (a version long gone), so other tests' roster and macros stay as they are.
            using var stale = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            stale.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");
            var manager = await hannah.SendAsync(stale);
            Assert.True(manager.StatusCode == HttpStatusCode.PreconditionFailed, $"{path} by hannah: {(int)manager.StatusCode}");
        }

        var me = await amira.GetFromJsonAsync<JsonObject>("/api/me");
        Assert.Equal("amira", me!["id"]!.GetValue<string>());
        Assert.False(me["mayManage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_signed_in_person_not_on_the_roster_is_refused_with_the_reason()
    {
        using var stranger = await env.Host.CreateSignedInClientAsync("mallory@example.net");

        var me = await stranger.GetAsync("/api/me");
        var tickets = await stranger.GetAsync("/api/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, me.StatusCode);
        Assert.Contains("no person on the roster has that address", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tickets.StatusCode);
        Assert.DoesNotContain("SUP-", await tickets.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_easy_auth_header_or_session_cookie_signs_no_one_in_locally()
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"hannah.price@example.com"}]}"""));
        using var forgedHeader = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        forgedHeader.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        using var forgedCookie = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        forgedCookie.Headers.Add("Cookie", "support_session=id:hannah");

        Assert.Equal(HttpStatusCode.Unauthorized, (await env.Host.CreateClient().SendAsync(forgedHeader)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await env.Host.CreateClient().SendAsync(forgedCookie)).StatusCode);
    }

    [Fact]
    public async Task The_dev_sign_in_and_the_dev_routes_answer_only_this_machine()
    {
        var client = env.Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/.auth/login/dev?user=hannah&post_login_redirect_uri=/console", "/_dev/mail" })
        {
            using var remote = new HttpRequestMessage(HttpMethod.Get, path);
            remote.Headers.Add(LocalHostFactory.RemoteAddressHeader, "203.0.113.7");
            var refused = await client.SendAsync(remote);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path} from afar: {(int)refused.StatusCode}");
            Assert.False(refused.Headers.Contains("Set-Cookie"), path);
        }

        // From this machine it signs in: an HttpOnly, SameSite=Strict cookie, and back to a path on this site only.
        var local = await client.GetAsync("/.auth/login/dev?user=hannah&post_login_redirect_uri=https://evil.example/");
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal("/console", local.Headers.Location!.OriginalString);
        var cookie = Assert.Single(local.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // Another host name (a DNS-rebinding page) is refused outright.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
    }

    [Fact]
    public async Task The_local_sign_in_has_easy_auths_me_and_logout()
    {
        var client = env.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/.auth/me")).StatusCode);

        (await client.GetAsync("/.auth/login/dev?user=liam&post_login_redirect_uri=/console")).EnsureSuccessStatusCode();
        var me = Assert.Single((await client.GetFromJsonAsync<JsonArray>("/.auth/me"))!)!.AsObject();
        Assert.Equal("dev", me["provider_name"]!.GetValue<string>());
        Assert.Equal("liam", me["user_id"]!.GetValue<string>());
        Assert.Contains(me["user_claims"]!.AsArray(), c => c!["typ"]!.GetValue<string>() == "roster_id" && c["val"]!.GetValue<string>() == "liam");

        var logout = await client.GetAsync("/.auth/logout?post_logout_redirect_uri=/console");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/.auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_json_and_refusals_included()
    {
        var machine = env.Host.CreateStaffClient();
        foreach (var response in new[] { await machine.GetAsync("/api/me"), await env.Host.CreateClient().GetAsync("/api/tickets"), await env.Host.CreateClient().GetAsync("/console") })
        {
            var what = $"{response.RequestMessage!.RequestUri!.AbsolutePath} {(int)response.StatusCode}";
            Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(response.Headers.Contains("Referrer-Policy"), what);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), what + ": no HSTS on plain-HTTP loopback");
        }
    }

    private async Task<string> AssignedTicketAsync()
    {
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(env.Host.CreateClient(), Api.Form(Api.UniqueEmail("ida"), "Identity check")));
        await Api.TicketWithEventAsync(env.Host.CreateStaffClient(), reference, "assigned");
        return reference;
    }

    private static async Task<string> ETagAsync(HttpClient client, string reference) =>
        (await client.GetAsync($"/api/tickets/{reference}")).Headers.ETag!.ToString();

    private static HttpRequestMessage Request(HttpMethod method, string path, object body, string etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static HttpRequestMessage Put(string path, string body, HttpResponseMessage current)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (current.Headers.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag.ToString());
        }

        return request;
    }

    private static string InboundMailActor(JsonObject? ticket, string type) => Email.InboundMail.LastEvent(ticket!, type)["actor"]!.GetValue<string>();
}
