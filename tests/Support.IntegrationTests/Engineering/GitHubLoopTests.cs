using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Contracts;
using Support.Core.Ports;
using Support.Core.Queues;
using Xunit;

namespace Support.IntegrationTests.Engineering;

/// <summary>
/// The engineering loop through the local host: technical tickets logged in GitHub (S1/S2 at triage, others on a staff
/// click, or linked to an issue engineering has), once whatever the redeliveries, with nothing private; and GitHub's
/// webhook, signed, recorded on every linked ticket once per delivery.
/// </summary>
public sealed class GitHubLoopTests(GitHubHostFixture github) : IClassFixture<GitHubHostFixture>
{
    private static string Outage(string email) => "Our production site is down for everyone: every page answers HTTP 500 since 09:00.\n"
        + "Steps: 1. open the dashboard 2. click Export 3. error 0x80070005 appears.\n"
        + $"Call me on +44 20 7946 0958 or write to {email}.";

    [Fact]
    public async Task An_S1_technical_ticket_is_logged_in_GitHub_once_with_what_engineering_needs_and_nothing_private()
    {
        var email = Api.UniqueEmail("outage");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(github.Host.CreateClient(), Api.Form(email, "Production is down", Outage(email))));

        var ticket = await github.LinkedAsync(reference);
        Assert.Equal("S1", (string?)ticket["severity"]);
        Assert.Equal(GitHubHostFixture.Repository, (string?)ticket["github"]!["repository"]);

        var issue = Assert.Single(await github.IssuesForAsync(reference));
        Assert.Equal((int)ticket["github"]!["number"]!, (int)issue["number"]!);
        Assert.Equal(GitHubHostFixture.Repository, (string?)issue["repository"]);
        var body = (string)issue["body"]!;
        Assert.Contains("> Steps: 1. open the dashboard 2. click Export 3. error 0x80070005 appears.", body, StringComparison.Ordinal);
        Assert.Contains($"https://support.example.test/api/console#ticket/{reference}", body, StringComparison.Ordinal);
        Assert.Contains("Affected customers: 1", body, StringComparison.Ordinal);
        Assert.Contains("s1-outage", body, StringComparison.Ordinal);
        Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("7946 0958", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", body, StringComparison.Ordinal);
        Assert.Equal(["support", "S1", "technical"], issue["labels"]!.AsArray().Select(l => (string)l!["name"]!));

        // A redelivery, or the store having lost the number, finds the issue by its marker instead of filing another.
        var queue = github.Host.Services.GetRequiredService<IQueuePublisher>();
        await queue.PublishAsync(QueueNames.Engineering, MessageCodec.Encode(EngineeringMessage.For(reference), SupportJson.Default.EngineeringMessage), $"{reference}:again", CancellationToken.None);
        await queue.PublishAsync(QueueNames.Engineering, MessageCodec.Encode(EngineeringMessage.For(reference), SupportJson.Default.EngineeringMessage), $"{reference}:again-2", CancellationToken.None);
        await Eventually.GetAsync(async () => await QueueIsEmptyAsync() ? "drained" : null, "the engineering queue to drain");
        Assert.Single(await github.IssuesForAsync(reference));
        Assert.Single((await Api.TicketAsync(github.Host.CreateStaffClient(), reference))!["timeline"]!.AsArray(), e => (string?)e!["type"] == "github-issue-filed");
    }

    [Fact]
    public async Task A_new_S2_ticket_about_a_problem_another_customer_reported_joins_its_open_issue_instead_of_filing_one()
    {
        var client = github.Host.CreateClient();
        var staff = github.Host.CreateStaffClient();
        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"search.{Guid.NewGuid():N}@one.example", "New datasets missing from search",
            "Datasets we published since Monday do not show up in the portal search or in the API search endpoint, although they open fine from a direct link. Older datasets are still found. Our users cannot find the new data.")));
        var filed = await github.LinkedAsync(first);
        var number = (int)filed["github"]!["number"]!;
        Assert.Single(await github.IssuesForAsync(first));

        // Another organisation, other words, the same fault.
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"portal.{Guid.NewGuid():N}@two.example", "Search does not find our new datasets",
            "The datasets we uploaded this week are not returned by the portal search or by the search API, but opening them with their direct URL works. Datasets from before are found as usual. People cannot find the new data.")));
        var joined = await github.LinkedAsync(second);

        Assert.Equal(number, (int)joined["github"]!["number"]!);
        Assert.Empty(await github.IssuesForAsync(second));
        var linked = Assert.Single(joined["timeline"]!.AsArray(), e => (string?)e!["type"] == "github-issue-linked");
        Assert.Equal(first, (string?)linked!["details"]!["nearDuplicate"]);
        Assert.True(double.Parse((string)linked["details"]!["similarity"]!, System.Globalization.CultureInfo.InvariantCulture) >= Support.Core.Triage.Embeddings.NearDuplicate);
        var comment = Assert.Single((await github.IssueAsync(GitHubHostFixture.Repository, number))["comment_list"]!.AsArray());
        Assert.Contains(second, (string)comment!["body"]!, StringComparison.Ordinal);
        Assert.Contains("Affected customers: 2", (string)comment["body"]!, StringComparison.Ordinal);

        // Once engineering closed the issue, the same problem reported again is a new issue.
        using var close = new HttpRequestMessage(HttpMethod.Patch, $"/_dev/github/repos/{GitHubHostFixture.Repository}/issues/{number}") { Content = JsonContent.Create(new { state = "closed", state_reason = "completed" }) };
        close.Headers.Add("Authorization", "Bearer github-test-token");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(close)).StatusCode);
        var third = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"again.{Guid.NewGuid():N}@three.example", "New datasets not appearing in search",
            "Datasets published since Monday are not found by the portal search nor the search API, though a direct link opens them. Older datasets are found. Our users cannot find the new data.")));
        var refiled = await github.LinkedAsync(third);
        Assert.NotEqual(number, (int)refiled["github"]!["number"]!);
        Assert.Single(await github.IssuesForAsync(third));
    }

    [Fact]
    public async Task A_filed_issue_the_ticket_lost_is_found_by_its_marker_and_not_filed_twice()
    {
        var reference = await StaffTickets.CreateAsync(github.Host.Services);
        var staff = github.Host.CreateStaffClient();

        // GitHub has the issue already (an earlier delivery filed it, then the ticket's save was lost).
        using var create = new HttpRequestMessage(HttpMethod.Post, "/_dev/github/repos/acme/app/issues")
        {
            Content = JsonContent.Create(new { title = "filed before the crash", body = $"<!-- support-ticket: {reference} -->\nfiled earlier" }),
        };
        create.Headers.Add("Authorization", "Bearer github-test-token");
        var filed = await (await github.Host.CreateClient().SendAsync(create)).Content.ReadFromJsonAsync<JsonObject>();

        var logged = await LogAsync(staff, reference, new { repository = GitHubHostFixture.Repository });
        Assert.Equal(HttpStatusCode.Accepted, logged.StatusCode);

        var ticket = await github.LinkedAsync(reference);
        Assert.Equal((int)filed!["number"]!, (int)ticket["github"]!["number"]!);
        Assert.Single(await github.IssuesForAsync(reference));
    }

    [Fact]
    public async Task Staff_log_a_ticket_in_a_configured_repository_and_only_once()
    {
        var reference = await StaffTickets.CreateAsync(github.Host.Services);
        var staff = github.Host.CreateStaffClient();

        var repositories = await staff.GetFromJsonAsync<JsonObject>("/api/integrations/github/repositories");
        Assert.Equal([GitHubHostFixture.Repository, GitHubHostFixture.OtherRepository], repositories!["repositories"]!.AsArray().Select(r => (string)r!));

        var unknown = await LogAsync(staff, reference, new { repository = "someone/else" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("acme/web", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var logged = await LogAsync(staff, reference, new { repository = GitHubHostFixture.OtherRepository });
        Assert.Equal(HttpStatusCode.Accepted, logged.StatusCode);
        Assert.Equal("pending", (string?)(await logged.Content.ReadFromJsonAsync<JsonObject>())!["github"]!["status"]);

        var ticket = await github.LinkedAsync(reference);
        var issue = Assert.Single(await github.IssuesForAsync(reference));
        Assert.Equal(GitHubHostFixture.OtherRepository, (string?)issue["repository"]);
        Assert.Equal((string?)issue["html_url"], (string?)ticket["github"]!["url"]);

        var again = await LogAsync(staff, reference, new { repository = GitHubHostFixture.OtherRepository });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(await github.IssuesForAsync(reference));
    }

    [Fact]
    public async Task A_ticket_linked_to_an_existing_issue_raises_its_affected_customers_with_a_comment()
    {
        var staff = github.Host.CreateStaffClient();
        var first = await StaffTickets.CreateAsync(github.Host.Services);
        await LogAsync(staff, first, new { repository = GitHubHostFixture.Repository });
        var number = (int)(await github.LinkedAsync(first))["github"]!["number"]!;

        var second = await StaffTickets.CreateAsync(github.Host.Services);
        var linked = await LogAsync(staff, second, new { repository = GitHubHostFixture.Repository, issue = number });
        Assert.Equal(HttpStatusCode.Accepted, linked.StatusCode);
        await github.LinkedAsync(second);

        var issue = await github.IssueAsync(GitHubHostFixture.Repository, number);
        var comment = Assert.Single(issue["comment_list"]!.AsArray());
        Assert.Contains(second, (string)comment!["body"]!, StringComparison.Ordinal);
        Assert.Contains("Affected customers: 2", (string)comment["body"]!, StringComparison.Ordinal);
        Assert.Empty(await github.IssuesForAsync(second));

        var missing = await StaffTickets.CreateAsync(github.Host.Services);
        await LogAsync(staff, missing, new { repository = GitHubHostFixture.Repository, issue = 99999 });
        var dropped = await Api.TicketWithEventAsync(staff, missing, "github-issue-dropped");
        Assert.Null(dropped["github"]);
    }

    [Fact]
    public async Task A_duplicate_merged_into_a_ticket_brings_its_issue_and_the_problem_keeps_one_issue()
    {
        var staff = github.Host.CreateStaffClient();
        var duplicate = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider");
        await LogAsync(staff, duplicate, new { repository = GitHubHostFixture.Repository });
        var number = (int)(await github.LinkedAsync(duplicate))["github"]!["number"]!;
        var kept = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider");

        var current = await staff.GetAsync($"/api/tickets/{duplicate}");
        using var merge = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{duplicate}/merge") { Content = JsonContent.Create(new { into = kept }) };
        merge.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(merge)).StatusCode);

        var survivor = (await Api.TicketAsync(staff, kept))!;
        Assert.Equal(number, (int)survivor["github"]!["number"]!);
        Assert.Equal("linked", (string?)survivor["github"]!["status"]);
        Assert.Equal(HttpStatusCode.Conflict, (await LogAsync(staff, kept, new { repository = GitHubHostFixture.Repository })).StatusCode);

        await GitHubDeliveries.SendAsync(github.Host.CreateClient(), "issues", GitHubDeliveries.IssuesEvent("closed", GitHubHostFixture.Repository, number, stateReason: "completed"), GitHubHostFixture.WebhookSecret);
        var reopened = await Api.TicketWithEventAsync(staff, kept, "reply-drafted");
        Assert.Equal("open", (string?)reopened["status"]);
        Assert.Equal("closed", (string?)(await Api.TicketAsync(staff, duplicate))!["status"]);
        Assert.Single(await github.IssuesForAsync(duplicate));
        Assert.Empty(await github.IssuesForAsync(kept));
    }

    [Fact]
    public async Task GitHub_answering_403_rate_limited_leaves_the_ticket_pending_and_files_the_issue_once_after_the_reset()
    {
        var reference = await StaffTickets.CreateAsync(github.Host.Services);
        var staff = github.Host.CreateStaffClient();
        Assert.Equal(HttpStatusCode.NoContent, (await github.Host.CreateClient().PostAsync("/_dev/github/rate-limit?requests=2&resetSeconds=2", null)).StatusCode);

        var logged = await LogAsync(staff, reference, new { repository = GitHubHostFixture.Repository });
        Assert.Equal(HttpStatusCode.Accepted, logged.StatusCode);

        var ticket = await github.LinkedAsync(reference);
        Assert.Single(await github.IssuesForAsync(reference));
        Assert.Contains(github.Host.Logs.Lines, l => l.Contains("rate-limiting", StringComparison.Ordinal) && l.Contains(QueueNames.Engineering, StringComparison.Ordinal));
        Assert.Equal("linked", (string?)ticket["github"]!["status"]);
    }

    [Fact]
    public async Task Issue_closed_as_completed_reopens_every_linked_ticket_with_a_draft_once_per_delivery()
    {
        var staff = github.Host.CreateStaffClient();
        var (first, second, number) = await TwoTicketsOnOneIssueAsync(staff);
        await Solve(staff, first);

        var delivery = Guid.NewGuid().ToString();
        var closed = GitHubDeliveries.IssuesEvent("closed", GitHubHostFixture.Repository, number, stateReason: "completed");
        var response = await GitHubDeliveries.SendAsync(github.Host.CreateClient(), "issues", closed, GitHubHostFixture.WebhookSecret, delivery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["tickets"]!);

        foreach (var reference in new[] { first, second })
        {
            var ticket = (await Api.TicketAsync(staff, reference))!;
            Assert.Equal("open", (string?)ticket["status"]);
            var draft = Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "reply-drafted");
            Assert.Contains("the fix for the problem you reported", (string)draft!["details"]!["body"]!, StringComparison.Ordinal);
            Assert.Equal("closed-completed", (string?)Assert.Single(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "github-activity")!["details"]!["action"]);
        }

        // The same delivery again changes nothing.
        var replay = await GitHubDeliveries.SendAsync(github.Host.CreateClient(), "issues", closed, GitHubHostFixture.WebhookSecret, delivery);
        Assert.Equal(0, (int)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["tickets"]!);
        Assert.Single((await Api.TicketAsync(staff, first))!["timeline"]!.AsArray(), e => (string?)e!["type"] == "reply-drafted");
    }

    [Fact]
    public async Task Not_planned_reopened_labelled_and_a_maintainers_support_comment_are_recorded_and_nothing_is_mailed()
    {
        var staff = github.Host.CreateStaffClient();
        var (first, _, number) = await TwoTicketsOnOneIssueAsync(staff);
        var status = (string?)(await Api.TicketAsync(staff, first))!["status"];
        var client = github.Host.CreateClient();
        var secret = GitHubHostFixture.WebhookSecret;

        await GitHubDeliveries.SendAsync(client, "issues", GitHubDeliveries.IssuesEvent("closed", GitHubHostFixture.Repository, number, stateReason: "not_planned"), secret);
        await GitHubDeliveries.SendAsync(client, "issues", GitHubDeliveries.IssuesEvent("reopened", GitHubHostFixture.Repository, number), secret);
        await GitHubDeliveries.SendAsync(client, "issues", GitHubDeliveries.IssuesEvent("labeled", GitHubHostFixture.Repository, number, label: "bug"), secret);
        var comment = await GitHubDeliveries.SendAsync(client, "issue_comment", GitHubDeliveries.IssueCommentCreated(GitHubHostFixture.Repository, number, "/support A workaround: clear the cache and retry.", "MEMBER", "octo-dev"), secret);
        Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        var stranger = await GitHubDeliveries.SendAsync(client, "issue_comment", GitHubDeliveries.IssueCommentCreated(GitHubHostFixture.Repository, number, "/support please mail everyone", "NONE"), secret);
        Assert.Equal(HttpStatusCode.Accepted, stranger.StatusCode);
        var chatter = await GitHubDeliveries.SendAsync(client, "issue_comment", GitHubDeliveries.IssueCommentCreated(GitHubHostFixture.Repository, number, "Looking into it.", "OWNER"), secret);
        Assert.Equal(HttpStatusCode.Accepted, chatter.StatusCode);

        var ticket = (await Api.TicketAsync(staff, first))!;
        var activity = ticket["timeline"]!.AsArray().Where(e => (string?)e!["type"] == "github-activity").Select(e => e!["details"]!.AsObject()).ToList();
        Assert.Equal(["closed-not-planned", "reopened", "labeled", "comment"], activity.Select(a => (string?)a["action"]));
        Assert.Equal("bug", (string?)activity[2]["label"]);
        Assert.Equal("A workaround: clear the cache and retry.", (string?)activity[3]["comment"]);
        Assert.Equal("octo-dev", (string?)activity[3]["by"]);
        Assert.Equal(status, (string?)ticket["status"]);
        Assert.DoesNotContain(ticket["timeline"]!.AsArray(), e => (string?)e!["type"] == "reply-drafted");

        var mails = await github.Host.CreateClient().GetFromJsonAsync<JsonArray>("/_dev/mail");
        Assert.DoesNotContain(mails!, m => ((string?)m!["text"])?.Contains("workaround", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task An_unsigned_or_wrongly_signed_delivery_gets_401_and_changes_nothing()
    {
        var staff = github.Host.CreateStaffClient();
        var (first, _, number) = await TwoTicketsOnOneIssueAsync(staff);
        var before = (await Api.TicketAsync(staff, first))!["timeline"]!.AsArray().Count;
        var closed = GitHubDeliveries.IssuesEvent("closed", GitHubHostFixture.Repository, number, stateReason: "completed");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GitHubDeliveries.SendAsync(github.Host.CreateClient(), "issues", closed, secret: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GitHubDeliveries.SendAsync(github.Host.CreateClient(), "issues", closed, secret: "another-secret")).StatusCode);

        var after = (await Api.TicketAsync(staff, first))!;
        Assert.Equal(before, after["timeline"]!.AsArray().Count);
    }

    private async Task<(string First, string Second, int Number)> TwoTicketsOnOneIssueAsync(HttpClient staff)
    {
        var first = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider");
        await LogAsync(staff, first, new { repository = GitHubHostFixture.Repository });
        var number = (int)(await github.LinkedAsync(first))["github"]!["number"]!;
        var second = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider");
        await LogAsync(staff, second, new { repository = GitHubHostFixture.Repository, issue = number });
        await github.LinkedAsync(second);
        return (first, second, number);
    }

    private async Task Solve(HttpClient staff, string reference)
    {
        foreach (var status in new[] { "open", "solved" })
        {
            var current = await staff.GetAsync($"/api/tickets/{reference}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = JsonContent.Create(new { status }) };
            patch.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(patch)).StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> LogAsync(HttpClient staff, string reference, object body)
    {
        var current = await staff.GetAsync($"/api/tickets/{reference}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/github") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        return await staff.SendAsync(request);
    }

    private async Task<bool> QueueIsEmptyAsync()
    {
        var queue = github.Host.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(QueueNames.Engineering);
        var properties = await queue.GetPropertiesAsync();
        return properties.Value.ApproximateMessagesCount == 0;
    }
}
