using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests.Engineering;

/// <summary>
/// A local host of its own, on an Azurite of its own, logging technical tickets in GitHub: the repository
/// <c>acme/app</c> (S1 and S2 filed at triage), <c>acme/web</c> for staff to choose, and GitHub played by the host's
/// own <c>/_dev/github</c> stand-in, reached by the real Octokit client.
/// </summary>
public sealed class GitHubHostFixture : IAsyncLifetime
{
    public const string WebhookSecret = "github-webhook-test-secret";
    public const string Repository = "acme/app";
    public const string OtherRepository = "acme/web";

    private AzuriteServer? _azurite;
    private LocalHostFactory? _host;

    public LocalHostFactory Host => _host ?? throw new InvalidOperationException("The GitHub host is not running.");

    public string ConnectionString => _azurite?.Endpoints.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartScratchAsync(log: null, CancellationToken.None);
        _host = new LocalHostFactory(_azurite.Endpoints.ConnectionString, new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repository"] = "app",
            ["GitHub:OtherRepositories"] = OtherRepository,
            ["GitHub:BaseUrl"] = "http://localhost/_dev/github/",
            ["GitHub:Token"] = "github-test-token",
            ["GitHub:WebhookSecret"] = WebhookSecret,
            ["Discourse:BaseUrl"] = "http://localhost/_dev/discourse/",
            ["Discourse:ApiKey"] = "discourse-test-key",
            ["Discourse:ApiUsername"] = "support-bot",
            ["Discourse:CategoryId"] = "5",
            ["PublicBaseUrl"] = "https://support.example.test",
            ["Local:SeedRoster"] = "true",
        });
        _ = _host.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>The issues GitHub's stand-in holds whose body names <paramref name="reference"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> IssuesForAsync(string reference)
    {
        var all = await Host.CreateClient().GetFromJsonAsync<JsonArray>("/_dev/github/issues");
        return [.. all!.Select(i => i!.AsObject()).Where(i => ((string?)i["body"])?.Contains($"<!-- support-ticket: {reference} -->", StringComparison.Ordinal) == true)];
    }

    /// <summary>The issue <paramref name="number"/> of <paramref name="repository"/>, with its comments.</summary>
    public async Task<JsonObject> IssueAsync(string repository, int number)
    {
        var all = await Host.CreateClient().GetFromJsonAsync<JsonArray>("/_dev/github/issues");
        return all!.Select(i => i!.AsObject()).Single(i => (string?)i["repository"] == repository && (int)i["number"]! == number);
    }

    /// <summary>Waits until the ticket's GitHub issue is no longer pending, and returns the ticket.</summary>
    public Task<JsonObject> LinkedAsync(string reference) =>
        Eventually.GetAsync(
            async () => await Api.TicketAsync(Host.CreateStaffClient(), reference) is { } ticket && (string?)ticket["github"]?["status"] == "linked" ? ticket : null,
            $"{reference} to be linked to its GitHub issue");
}
