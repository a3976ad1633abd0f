using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Support.Core.Engineering;
using Support.Core.Ports;
using Support.Core.Queues;

namespace Support.Adapters.Discourse;

/// <summary>
/// Discourse's REST API as a typed HttpClient: <c>Api-Key</c> and <c>Api-Username</c> headers, topics created with
/// <c>POST /posts.json</c> (title, raw, category, external_id), replies with <c>POST /posts.json</c> (topic_id, raw),
/// search with <c>GET /search.json</c>, a topic's raw posts with <c>GET /raw/{id}</c>, and a topic found again by <c>GET /t/external_id/{id}.json</c>. A 429 becomes
/// <see cref="RetryLaterException"/> after Discourse's Retry-After.
/// </summary>
public sealed class DiscourseForum : IForum
{
    /// <summary>Pages of a topic read for a marker: 2,000 posts, more than a feature request's topic gathers.</summary>
    private const int MaxRawPages = 20;

    private readonly HttpClient _http;
    private readonly DiscourseOptions _options;

    public DiscourseForum(HttpClient http, IOptions<DiscourseOptions> options)
    {
        _options = options.Value;
        _http = http;
        if (_options.Enabled)
        {
            _http.BaseAddress = new Uri(_options.BaseUrl.EndsWith('/') ? _options.BaseUrl : _options.BaseUrl + "/");
            _http.DefaultRequestHeaders.Add("Api-Key", _options.ApiKey);
            _http.DefaultRequestHeaders.Add("Api-Username", _options.ApiUsername);
        }
    }

    public async Task<ForumTopicRef?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"t/external_id/{Uri.EscapeDataString(externalId)}.json"), cancellationToken, notFoundIsAnswer: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var topic = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new JsonException("empty topic");
        return Topic((int)topic["id"]!, (string?)topic["title"] ?? string.Empty, (string?)topic["slug"]);
    }

    public async Task<IReadOnlyList<ForumTopicRef>> SearchAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"search.json?q={Uri.EscapeDataString(text)}"), cancellationToken);
        var found = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return [.. (found?["topics"]?.AsArray() ?? [])
            .Select(t => t!.AsObject())
            .Where(t => (int?)t["category_id"] == _options.CategoryId)
            .Select(t => Topic((int)t["id"]!, (string?)t["title"] ?? string.Empty, (string?)t["slug"]))];
    }

    public async Task<ForumTopicRef> CreateTopicAsync(string title, string body, string externalId, CancellationToken cancellationToken)
    {
        var post = new JsonObject { ["title"] = title, ["raw"] = body, ["category"] = _options.CategoryId, ["external_id"] = externalId };
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "posts.json") { Content = JsonContent.Create(post) }, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new JsonException("empty post");
        return Topic((int)created["topic_id"]!, title, (string?)created["topic_slug"]);
    }

    public async Task ReplyAsync(int topicId, string body, CancellationToken cancellationToken)
    {
        var post = new JsonObject { ["topic_id"] = topicId, ["raw"] = body };
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "posts.json") { Content = JsonContent.Create(post) }, cancellationToken);
    }

    public async Task<bool> HasPostAsync(int topicId, string marker, CancellationToken cancellationToken)
    {
        // GET /raw/{topic} is the topic's posts as raw Markdown (where an HTML comment survives), a page of 100 at a time.
        for (var page = 1; page <= MaxRawPages; page++)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"raw/{topicId.ToString(CultureInfo.InvariantCulture)}?page={page.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
            var raw = await response.Content.ReadAsStringAsync(cancellationToken);
            if (raw.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }

            if (string.IsNullOrWhiteSpace(raw))
            {
                return false;
            }
        }

        return false;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool notFoundIsAnswer = false)
    {
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("The forum is not configured (Discourse__BaseUrl and Discourse__CategoryId).");
        }

        using (request)
        {
            var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode || (notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound))
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var after = response.Headers.RetryAfter?.Delta
                        ?? (int.TryParse(response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : TimeSpan.FromMinutes(1));
                    throw new RetryLaterException($"Discourse is rate-limiting us; retry in {after:c}", after);
                }

                throw new HttpRequestException($"Discourse answered {(int)response.StatusCode} to {request.Method} {request.RequestUri?.AbsolutePath}", null, response.StatusCode);
            }
        }
    }

    private ForumTopicRef Topic(int id, string title, string? slug) =>
        new(id, title, $"{_options.BaseUrl.TrimEnd('/')}/t/{(string.IsNullOrEmpty(slug) ? "topic" : slug)}/{id.ToString(CultureInfo.InvariantCulture)}");
}
