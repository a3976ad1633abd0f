using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Support.Adapters.GitHub;
using Support.Core.Domain;
using Support.Core.Engineering;
using Support.Core.Notifications;
using Support.Core.Sla;
using Support.Core.Tickets;
using Support.Tests.Fakes;
using Support.Tests.Domain;
using Support.Web.Engineering;
using Xunit;

namespace Support.Tests.Engineering;

/// <summary>The engineering loop's rules: what triage owes GitHub, what an issue says, how a delivery is read and checked.</summary>
public sealed class GitHubRulesTests
{
    private static readonly GitHubOptions Configured = new() { Owner = "acme", Repository = "app", OtherRepositories = "acme/web, not a repo" };

    [Theory]
    [InlineData(Category.Technical, Severity.S1, true)]
    [InlineData(Category.Technical, Severity.S2, true)]
    [InlineData(Category.Technical, Severity.S3, false)]
    [InlineData(Category.Business, Severity.S1, false)]
    public void Triage_owes_an_issue_for_technical_tickets_of_the_configured_severities(Category category, Severity severity, bool owed)
    {
        var ticket = TicketMaker.Ticket(severity: severity);
        ticket.Correct(category, severity, "test", TicketMaker.T0);

        Decisions(Configured).OweEngineering(ticket, TicketMaker.T0);

        Assert.Equal(owed, ticket.GitHub is { Repository: "acme/app", Number: null, Pending: true });
    }

    [Fact]
    public void Nothing_is_owed_while_GitHub_is_not_configured_and_the_severities_are_configuration()
    {
        var s1 = TicketMaker.Ticket(severity: Severity.S1);
        Decisions(new GitHubOptions()).OweEngineering(s1, TicketMaker.T0);
        Assert.Null(s1.GitHub);

        var s3 = TicketMaker.Ticket(severity: Severity.S3);
        Decisions(new GitHubOptions { Owner = "acme", Repository = "app", AutoFileSeverities = "S1,S2,S3" }).OweEngineering(s3, TicketMaker.T0);
        Assert.NotNull(s3.GitHub);
    }

    [Fact]
    public void Staff_choose_among_the_configured_repositories_only()
    {
        Assert.Equal(["acme/app", "acme/web"], Configured.Repositories);
        Assert.Equal("acme/web", Configured.Configured("ACME/Web"));
        Assert.Null(Configured.Configured("someone/else"));
    }

    [Fact]
    public void The_issue_quotes_the_customer_with_addresses_and_numbers_masked_and_names_the_ticket()
    {
        var ticket = TicketMaker.Ticket(severity: Severity.S1, email: "ada@example.com", phone: "+447700900123");
        var text = "Export fails with error 0x80070005 on 2026-12-03 10:15.\nMail me at ada@example.com or call +44 7700 900123.";

        var issue = GitHubIssueText.Compose(ticket, null, text, "https://support.example.test/api/console#ticket/" + ticket.Reference, 3, ["support", "S1"]);

        Assert.StartsWith(GitHubIssueText.Marker(ticket.Reference), issue.Body, StringComparison.Ordinal);
        Assert.Contains("> Export fails with error 0x80070005 on 2026-12-03 10:15.", issue.Body, StringComparison.Ordinal);
        Assert.Contains("> Mail me at [email] or call [phone].", issue.Body, StringComparison.Ordinal);
        Assert.Contains("Affected customers: 3", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", issue.Body, StringComparison.Ordinal);
        Assert.Contains(ticket.Reference, issue.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issue_closed_as_completed_reopens_the_ticket_with_a_draft_once_per_delivery()
    {
        var ticket = TicketMaker.Ticket();
        ticket.MoveTo(TicketStatus.Open, "amira", TicketMaker.T0);
        ticket.MoveTo(TicketStatus.Solved, "amira", TicketMaker.T0);
        var closed = new IssueActivity("delivery-1", "acme/app", 12, IssueActivityKind.ClosedCompleted, Actor: "octocat");

        Assert.True(ticket.RecordGitHubActivity(closed, TicketMaker.T0));
        Assert.False(ticket.RecordGitHubActivity(closed, TicketMaker.T0));

        Assert.Equal(TicketStatus.Open, ticket.Status);
        var draft = Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.ReplyDrafted);
        Assert.StartsWith("Hello Ada,", draft.Details["body"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_is_genuine_only_with_the_secrets_hmac_of_its_exact_body()
    {
        var body = """{"action":"closed"}"""u8.ToArray();
        var signature = GitHubWebhookSignature.Sign("s3cret", body);

        Assert.True(GitHubWebhookSignature.IsValid("s3cret", body, signature));
        Assert.False(GitHubWebhookSignature.IsValid("s3cret", [.. body, (byte)' '], signature));
        Assert.False(GitHubWebhookSignature.IsValid("other", body, signature));
        Assert.False(GitHubWebhookSignature.IsValid(string.Empty, body, GitHubWebhookSignature.Sign(string.Empty, body)));
        Assert.False(GitHubWebhookSignature.IsValid("s3cret", body, null));
        Assert.False(GitHubWebhookSignature.IsValid("s3cret", body, signature.ToUpperInvariant().Replace("SHA256=", "sha1=", StringComparison.Ordinal)));
    }

    [Fact]
    public void GitHubs_documented_example_delivery_is_genuine()
    {
        // "Validating webhook deliveries" (GitHub Docs): this secret and payload give this signature.
        var body = "Hello, World!"u8.ToArray();
        const string Documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        Assert.True(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", body, Documented));
        Assert.Equal(Documented, GitHubWebhookSignature.Sign("It's a Secret to Everybody", body));
        Assert.False(GitHubWebhookSignature.IsValid("It's a Secret to Everybody", "Hello, World?"u8, Documented));
    }

    [Theory]
    [InlineData("completed", IssueActivityKind.ClosedCompleted)]
    [InlineData(null, IssueActivityKind.ClosedCompleted)]
    [InlineData("not_planned", IssueActivityKind.ClosedNotPlanned)]
    public void A_closed_issue_is_read_by_its_state_reason(string? reason, IssueActivityKind kind)
    {
        var payload = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            action = "closed",
            issue = new { number = 7, state = "closed", state_reason = reason },
            repository = new { full_name = "acme/app" },
            sender = new { login = "octocat" },
        })).RootElement;

        var (activity, _) = GitHubWebhookEndpoint.Read("issues", "d-1", payload);

        Assert.Equal(new IssueActivity("d-1", "acme/app", 7, kind, Actor: "octocat"), activity);
    }

    [Theory]
    [InlineData("MEMBER", "/support  Fixed in 2.3.1 ", "Fixed in 2.3.1")]
    [InlineData("NONE", "/support do it", null)]
    [InlineData("OWNER", "LGTM /support", null)]
    public void Only_a_maintainers_comment_starting_with_support_is_recorded(string association, string body, string? recorded)
    {
        var payload = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            action = "created",
            issue = new { number = 7 },
            comment = new { body, author_association = association, user = new { login = "dev" } },
            repository = new { full_name = "acme/app" },
        })).RootElement;

        var (activity, ignored) = GitHubWebhookEndpoint.Read("issue_comment", "d-2", payload);

        Assert.Equal(recorded, activity?.Comment);
        Assert.Equal(recorded is null, ignored is not null);
    }

    [Fact]
    public void A_rate_limit_is_waited_out_as_GitHub_says()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var reset = new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["X-RateLimit-Reset"] = "1800000090" };

        Assert.Equal(TimeSpan.FromSeconds(90), OctokitIssueTracker.RetryAfter(HttpStatusCode.Forbidden, reset, now));
        Assert.Equal(TimeSpan.FromSeconds(60), OctokitIssueTracker.RetryAfter(HttpStatusCode.Forbidden, new Dictionary<string, string> { ["Retry-After"] = "60" }, now));
        Assert.Null(OctokitIssueTracker.RetryAfter(HttpStatusCode.Forbidden, new Dictionary<string, string> { ["X-RateLimit-Remaining"] = "4999" }, now));
        Assert.Null(OctokitIssueTracker.RetryAfter(HttpStatusCode.InternalServerError, reset, now));
    }

    private static TicketDecisions Decisions(GitHubOptions options)
    {
        var composer = TestMail.Composer();
        var rules = new OwedMailRules(composer, new Support.Core.Mail.StaffMailComposer(composer), SlaEngine.Default, NullLogger<OwedMailRules>.Instance);
        return new TicketDecisions(SlaEngine.Default, rules, Options.Create(options));
    }
}
