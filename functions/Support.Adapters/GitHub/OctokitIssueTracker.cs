using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;
using Support.Core.Engineering;
using Support.Core.Ports;
using Support.Core.Queues;

namespace Support.Adapters.GitHub;

/// <summary>
/// GitHub issues through Octokit, against <see cref="GitHubOptions.BaseUrl"/> (GitHub, an Enterprise Server, or the
/// local fake) with <see cref="GitHubOptions.Token"/>. The client's HTTP goes through the factory's <c>GitHub</c>
/// handler, so it is traced like every other outgoing call. A rate limit (403 or 429 with GitHub's headers) becomes
/// <see cref="RetryLaterException"/> carrying when GitHub said to come back.
/// </summary>
public sealed class OctokitIssueTracker(IOptions<GitHubOptions> options, IHttpMessageHandlerFactory handlers) : IIssueTracker
{
    public const string HttpClientName = "GitHub";

    /// <summary>Issues changed since the owed step, read to find a marker: a page of 100 covers a team's busiest minutes many times over.</summary>
    private static readonly ApiOptions MarkerSearchPages = new() { PageSize = 100, PageCount = 3, StartPage = 1 };

    private readonly Lazy<GitHubClient> _client = new(() => Create(options.Value, handlers));

    public Task<TrackedIssue?> FindByMarkerAsync(string repository, string marker, DateTimeOffset since, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var (owner, name) = RepositoryName.Parse(repository);
            var request = new RepositoryIssueRequest { State = ItemStateFilter.All, Since = since, SortProperty = IssueSort.Created };
            var issues = await client.Issue.GetAllForRepository(owner, name, request, MarkerSearchPages);
            return issues.FirstOrDefault(i => i.Body?.Contains(marker, StringComparison.Ordinal) == true) is { } found ? Tracked(found) : null;
        });

    public Task<TrackedIssue> CreateAsync(string repository, NewTrackedIssue issue, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var (owner, name) = RepositoryName.Parse(repository);
            var created = new NewIssue(issue.Title) { Body = issue.Body };
            foreach (var label in issue.Labels)
            {
                created.Labels.Add(label);
            }

            return Tracked(await client.Issue.Create(owner, name, created));
        });

    public Task<TrackedIssue?> GetAsync(string repository, int number, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var (owner, name) = RepositoryName.Parse(repository);
            try
            {
                return Tracked(await client.Issue.Get(owner, name, number));
            }
            catch (NotFoundException)
            {
                return null;
            }
        });

    public Task<bool> HasCommentAsync(string repository, int number, string marker, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var (owner, name) = RepositoryName.Parse(repository);
            var comments = await client.Issue.Comment.GetAllForIssue(owner, name, number);
            return comments.Any(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true);
        });

    public Task CommentAsync(string repository, int number, string body, CancellationToken cancellationToken) =>
        CallAsync(async client =>
        {
            var (owner, name) = RepositoryName.Parse(repository);
            return await client.Issue.Comment.Create(owner, name, number, body);
        });

    /// <summary>When GitHub said to come back: Retry-After (secondary limits), else X-RateLimit-Reset when none remain; null for any other refusal.</summary>
    public static TimeSpan? RetryAfter(HttpStatusCode status, IReadOnlyDictionary<string, string> headers, DateTimeOffset now)
    {
        if (status is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (int.TryParse(Header("Retry-After"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (Header("X-RateLimit-Remaining") == "0"
            && long.TryParse(Header("X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return status == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) : null;
    }

    private async Task<T> CallAsync<T>(Func<GitHubClient, Task<T>> call)
    {
        try
        {
            return await call(_client.Value);
        }
        catch (ApiException ex) when (ex.HttpResponse is { } response && RetryAfter(ex.StatusCode, response.Headers, DateTimeOffset.UtcNow) is { } after)
        {
            throw new RetryLaterException($"GitHub is rate-limiting us ({(int)ex.StatusCode}); retry in {after:c}", after);
        }
    }

    private static TrackedIssue Tracked(Issue issue) => new(issue.Number, issue.HtmlUrl, issue.State.StringValue != "closed");

    private static GitHubClient Create(GitHubOptions settings, IHttpMessageHandlerFactory handlers)
    {
        if (string.IsNullOrWhiteSpace(settings.Token))
        {
            throw new InvalidOperationException("The GitHub__Token setting is missing.");
        }

        // Connection takes the base address as given (GitHubClient's own constructor would rewrite any host but
        // api.github.com to /api/v3/), so the local fake under /_dev/github/ works as well as an Enterprise Server.
        var baseUrl = new Uri(settings.BaseUrl.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/");
        var connection = new Connection(
            new ProductHeaderValue("Support.Functions"),
            baseUrl,
            new InMemoryCredentialStore(new Credentials(settings.Token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => handlers.CreateHandler(HttpClientName)),
            new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }
}
