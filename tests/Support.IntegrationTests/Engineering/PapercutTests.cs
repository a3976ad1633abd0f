using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Scheduling;
using Xunit;

namespace Support.IntegrationTests.Engineering;

/// <summary>The week's papercuts through the local host: the report, the KPI of cases needing engineering, and the manager's weekly mail.</summary>
public sealed class PapercutTests(GitHubHostFixture github) : IClassFixture<GitHubHostFixture>
{
    [Fact]
    public async Task The_report_groups_similar_tickets_into_a_ranked_theme_with_examples_and_the_issue_tracking_it()
    {
        var staff = github.Host.CreateStaffClient();
        var word = "Zq" + Guid.NewGuid().ToString("N")[..8];
        var first = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider", subject: $"{word} invoice totals rounded wrongly");
        await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider", subject: $"Invoice totals rounded wrongly in {word}");
        await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider", subject: $"{word}: invoice totals are rounded down");
        var unrelated = await StaffTickets.CreateAsync(github.Host.Services, assignee: "outsider", subject: $"{word} password reset mail never arrives");

        var current = await staff.GetAsync($"/api/tickets/{first}");
        using var log = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{first}/github") { Content = JsonContent.Create(new { repository = GitHubHostFixture.Repository }) };
        log.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await staff.SendAsync(log)).StatusCode);
        var number = (int)(await github.LinkedAsync(first))["github"]!["number"]!;

        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("o");
        var to = DateTimeOffset.UtcNow.AddHours(1).ToString("o");
        var report = await staff.GetFromJsonAsync<JsonObject>($"/api/reports/papercuts?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");

        var theme = Assert.Single(report!["themes"]!.AsArray(), t => t!["keyPhrases"]!.AsArray().Any(p => string.Equals((string?)p, word, StringComparison.OrdinalIgnoreCase)) && t["keyPhrases"]!.AsArray().Any(p => (string?)p == "invoice"));
        Assert.Equal(3, (int)theme!["tickets"]!);
        Assert.Equal(3, (int)theme["customers"]!);
        Assert.Equal("technical", (string?)theme["category"]);
        Assert.Contains($"{GitHubHostFixture.Repository}#{number}", theme["gitHubIssues"]!.AsArray().Select(i => (string?)i));
        Assert.Contains(first, theme["examples"]!.AsArray().Select(e => (string?)e!["reference"]));
        Assert.DoesNotContain(report["themes"]!.AsArray(), t => t!["examples"]!.AsArray().Any(e => (string?)e!["reference"] == unrelated));
        Assert.True((int)report["engineeringHelp"]! >= 1);

        var metrics = await staff.GetFromJsonAsync<JsonObject>($"/api/metrics?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        Assert.Equal((int)report["engineeringHelp"]!, (int)metrics!["engineeringHelp"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/reports/papercuts?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task The_weekly_job_mails_the_manager_the_papercuts_once_a_week()
    {
        var job = github.Host.Services.GetServices<IScheduledJob>().Single(j => j.Name == "WeeklyPapercuts");

        await job.RunAsync(isPastDue: false, CancellationToken.None);
        await job.RunAsync(isPastDue: false, CancellationToken.None);

        var mails = await github.Host.CreateClient().GetFromJsonAsync<JsonArray>("/_dev/mail");
        var papercuts = mails!.Where(m => ((string?)m!["subject"])?.StartsWith("Papercuts for the week of", StringComparison.Ordinal) == true).ToList();
        var mail = Assert.Single(papercuts);
        Assert.Contains("Cases needing engineering's help:", (string)mail!["text"]!, StringComparison.Ordinal);
    }
}
