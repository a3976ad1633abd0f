using Support.Adapters.Storage;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Core.Domain;
using Support.Core.Ports;
using Xunit;

namespace Support.IntegrationTests;

/// <summary>The staff API on real storage: filters, ETag guards, status rules, merge, roster, KPIs and keys.</summary>
public sealed class StaffApiTests(AzuriteFixture env)
{
    private const string Staff = "amira";

    [Theory]
    [InlineData("GET", "/api/tickets")]
    [InlineData("PATCH", "/api/tickets/SUP-AAAAAA")]
    [InlineData("POST", "/api/tickets/SUP-AAAAAA/merge")]
    [InlineData("GET", "/api/roster")]
    [InlineData("PUT", "/api/roster")]
    [InlineData("GET", "/api/metrics")]
    [InlineData("GET", "/api/triage/corrections")]
    public async Task Staff_routes_answer_401_without_the_key(string method, string path)
    {
        var client = env.Host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        request.Headers.Add("x-functions-key", "wrong-key");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_pages_are_public()
    {
        var client = env.Host.CreateClient();

        foreach (var path in new[] { "/", "/console", "/api/support", "/api/console" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tickets_are_filtered_by_every_field_and_by_sla_due()
    {
        var staff = env.Host.CreateStaffClient();
        var assignee = "filter-" + Guid.NewGuid().ToString("N")[..8];
        var reference = await StaffTickets.CreateAsync(env.Host.Services, assignee);
        await SetSlaAsync(reference, DateTimeOffset.UtcNow.AddMinutes(30));

        Assert.True(await ListedAsync(staff, reference, $"status=new&channel=web&category=technical&severity=S2&assignee={assignee}"));
        Assert.True(await ListedAsync(staff, reference, "breachingWithin=60"));
        Assert.False(await ListedAsync(staff, reference, "breachingWithin=10"));
        Assert.False(await ListedAsync(staff, reference, "status=pending"));
        Assert.False(await ListedAsync(staff, reference, "channel=email"));

        var bad = await staff.GetAsync("/api/tickets?breachingWithin=soon&status=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(problem!["errors"]!["breachingWithin"]);
        Assert.NotNull(problem["errors"]!["status"]);
    }

    [Fact]
    public async Task A_patch_needs_if_match_and_a_stale_one_gets_412_with_the_current_ticket()
    {
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var reference = await NewTicketAsync();
        var etag = await ETagAsync(staff, reference);

        var missing = await PatchAsync(staff, reference, new { status = "open" }, etag: null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);

        var first = await PatchAsync(staff, reference, new { status = "open" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var newTag = first.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newTag);

        var stale = await PatchAsync(staff, reference, new { status = "pending" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await stale.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("open", current!["status"]!.GetValue<string>());
        Assert.Equal(newTag, stale.Headers.ETag!.ToString());

        var change = Assert.Single(current["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "status-changed");
        Assert.Equal(Staff, change!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_patch_refuses_invalid_transitions_and_unknown_people()
    {
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var reference = await NewTicketAsync();
        var etag = await ETagAsync(staff, reference);

        var closed = await PatchAsync(staff, reference, new { status = "closed" }, etag);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Contains("cannot move from new to closed", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var nobody = await PatchAsync(staff, reference, new { assignee = "nobody-here" }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);

        var unknown = await PatchAsync(staff, reference, new { severity = "S9" }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        Assert.Equal(etag, await ETagAsync(staff, reference));
    }

    [Fact]
    public async Task Reassigning_and_correcting_triage_go_on_the_timeline_and_corrections_are_kept_for_tuning()
    {
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var reference = await NewTicketAsync();

        // Hannah is a manager: the pipeline routes nothing to her, so her workload does not matter to other tests.
        var response = await PatchAsync(staff, reference, new { assignee = "HANNAH", category = "business", severity = "S1" }, await ETagAsync(staff, reference));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("hannah", ticket!["assignee"]!.GetValue<string>());
        Assert.Equal("business", ticket["category"]!.GetValue<string>());
        Assert.Equal("S1", ticket["severity"]!.GetValue<string>());
        var timeline = ticket["timeline"]!.AsArray();
        Assert.Equal(2, timeline.Count(e => e!["type"]!.GetValue<string>() == "corrected" && e["actor"]!.GetValue<string>() == Staff));
        Assert.Equal(Staff, timeline.Last(e => e!["type"]!.GetValue<string>() == "assigned")!["actor"]!.GetValue<string>());

        var corrections = await staff.GetFromJsonAsync<JsonArray>("/api/triage/corrections");
        var mine = corrections!.Where(c => c!["reference"]!.GetValue<string>() == reference).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, c => c!["field"]!.GetValue<string>() == "category" && c["from"]!.GetValue<string>() == "technical" && c["to"]!.GetValue<string>() == "business" && c["by"]!.GetValue<string>() == Staff);
    }

    [Fact]
    public async Task A_duplicate_is_merged_closed_and_both_tickets_say_so()
    {
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var duplicate = await NewTicketAsync();
        var kept = await NewTicketAsync();

        var self = await MergeAsync(staff, duplicate, duplicate, await ETagAsync(staff, duplicate));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);

        var merged = await MergeAsync(staff, duplicate, kept, await ETagAsync(staff, duplicate));
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var closed = await merged.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("closed", closed!["status"]!.GetValue<string>());
        Assert.Contains(closed["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "merged" && e["details"]!["into"]!.GetValue<string>() == kept);

        var again = await MergeAsync(staff, duplicate, kept, merged.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var target = await Api.TicketAsync(staff, kept);
        Assert.Single(target!["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "merged-from" && e["details"]!["from"]!.GetValue<string>() == duplicate);

        var intoClosed = await MergeAsync(staff, kept, duplicate, await ETagAsync(staff, kept));
        Assert.Equal(HttpStatusCode.Conflict, intoClosed.StatusCode);
    }

    [Fact]
    public async Task The_roster_is_replaced_only_when_valid_and_on_the_version_it_was_edited_from()
    {
        var staff = env.Host.CreateStaffClient();
        var current = await staff.GetFromJsonAsync<JsonObject>("/api/roster");
        Assert.NotEmpty(current!["people"]!.AsArray());

        var broken = current.DeepClone().AsObject();
        broken["people"]!.AsArray()[0]!["timeZone"] = "Mars/Olympus";
        broken["rotations"]!.AsArray()[0]!["people"] = new JsonArray("ghost");
        var refused = await staff.PutAsync("/api/roster", JsonContent.Create(broken));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().Count >= 2, problem.ToJsonString());

        var notJson = await staff.PutAsync("/api/roster", new StringContent("{\"people\": 5", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var withoutVersion = await staff.PutAsync("/api/roster", JsonContent.Create(current));
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutVersion.StatusCode);

        var read = await staff.GetAsync("/api/roster");
        var version = read.Headers.ETag!.ToString();
        var saved = await PutRosterAsync(staff, current, version);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(version, saved.Headers.ETag!.ToString());

        // The roster keeps who saved it: here the integration key the call came with.
        Assert.Equal("integration:tests", Assert.Single((await staff.GetAsync("/api/roster")).Headers.GetValues("x-saved-by")));

        // A second admin still editing the version read before loses nothing of the first one's save: 412, with the roster as it is.
        var edited = current.DeepClone().AsObject();
        edited["people"]!.AsArray()[0]!["name"] = "Renamed Meanwhile";
        var stale = await PutRosterAsync(staff, edited, version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(saved.Headers.ETag!.ToString(), stale.Headers.ETag!.ToString());
        Assert.Equal(current["people"]![0]!["name"]!.GetValue<string>(), (await stale.Content.ReadFromJsonAsync<JsonObject>())!["people"]![0]!["name"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> PutRosterAsync(HttpClient staff, JsonObject roster, string version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/roster") { Content = JsonContent.Create(roster) };
        request.Headers.TryAddWithoutValidation("If-Match", version);
        return await staff.SendAsync(request);
    }

    [Fact]
    public async Task Metrics_cover_the_chosen_period()
    {
        var staff = env.Host.CreateStaffClient();
        await NewTicketAsync();
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));

        var report = await staff.GetFromJsonAsync<JsonObject>($"/api/metrics?from={from}&to={to}");

        Assert.True(report!["tickets"]!.GetValue<int>() >= 1);
        Assert.True(report["volumeByChannel"]!["web"]!.GetValue<int>() >= 1);
        Assert.Equal(24, report["volumeByHourUtc"]!.AsArray().Count);
        Assert.True(report["backlog"]!.GetValue<int>() >= 1);
        Assert.NotNull(report["firstResponse"]);
        Assert.NotNull(report["slaCompliance"]);

        var backwards = await staff.GetAsync($"/api/metrics?from={to}&to={from}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
    }

    [Fact]
    public async Task A_browser_form_post_gets_pages_back_not_json()
    {
        var client = env.Host.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var fields = new Dictionary<string, string> { ["name"] = "Grace <b>", ["email"] = "not-an-address", ["subject"] = "Invoice address", ["message"] = "How do I change the invoice address?" };

        var invalid = await client.PostAsync("/api/inquiries/web", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var page = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("value=\"Grace &lt;b&gt;\"", page, StringComparison.Ordinal);
        Assert.Contains("This does not look like an email address", page, StringComparison.Ordinal);

        fields["email"] = Api.UniqueEmail("grace");
        var accepted = await client.PostAsync("/api/inquiries/web", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Matches("<strong id=\"reference\">SUP-[0-9A-Z]{6}</strong>", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_many_posts_from_one_address_get_429_with_retry_after()
    {
        await using var host = new LocalHostFactory(env.ConnectionString, new Dictionary<string, string?> { ["WebForm:RateLimitPerMinute"] = "2" })
        {
            ConfigureTestServices = services => services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>(),
        };
        var client = host.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Api.PostWebAsync(client, QuestionForm())).StatusCode);
        }

        var refused = await Api.PostWebAsync(client, QuestionForm());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    private Task<string> NewTicketAsync() => StaffTickets.CreateAsync(env.Host.Services);

    // Not technical, so first level gets them: the technical people's capacity is left to the pipeline tests.
    private static object QuestionForm() =>
        Api.Form(Api.UniqueEmail("question"), "How do I change the invoice address?", "Where in the settings can I change the invoice address?");

    private async Task SetSlaAsync(string reference, DateTimeOffset due)
    {
        // Straight to the table store: the app's store would recompute the targets from the SLA policy, and this test is about the filter.
        var store = new TableTicketStore(env.Host.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>());
        for (var attempt = 1; ; attempt++)
        {
            var ticket = (await store.LoadAsync(reference, CancellationToken.None))!;
            ticket.Ticket.SetSla([new SlaTargetState("first-response", due)], DateTimeOffset.UtcNow);
            try
            {
                await store.SaveAsync(ticket, CancellationToken.None);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // The pipeline is still working on the ticket: read it again.
            }
        }
    }

    private static async Task<bool> ListedAsync(HttpClient staff, string reference, string query)
    {
        var list = await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?pageSize=200&{query}");
        return list!["items"]!.AsArray().Any(t => t!["reference"]!.GetValue<string>() == reference);
    }

    private static async Task<string> ETagAsync(HttpClient staff, string reference)
    {
        var response = await staff.GetAsync($"/api/tickets/{reference}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient staff, string reference, object body, string? etag) =>
        SendAsync(staff, HttpMethod.Patch, $"/api/tickets/{reference}", body, etag);

    private static Task<HttpResponseMessage> MergeAsync(HttpClient staff, string reference, string into, string etag) =>
        SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/merge", new { into }, etag);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient staff, HttpMethod method, string path, object body, string? etag)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await staff.SendAsync(request);
    }
}
