using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests.Chat;

/// <summary>
/// A local host of its own, on an Azurite of its own, with Slack on: the Web API played by the host's own
/// <c>/_dev/slack</c> stand-in, reached by the real typed client; a stream channel, a support channel and one channel
/// shared with customers.
/// </summary>
public sealed class SlackHostFixture : IAsyncLifetime
{
    public const string SigningSecret = "slack-signing-test-secret";
    public const string StreamChannel = "C0STREAM";
    public const string SupportChannel = "C0SUPPORT";
    public const string SharedChannel = "C0SHARED";

    private AzuriteServer? _azurite;
    private LocalHostFactory? _host;

    public LocalHostFactory Host => _host ?? throw new InvalidOperationException("The Slack host is not running.");

    public string ConnectionString => _azurite?.Endpoints.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartScratchAsync(log: null, CancellationToken.None);
        _host = new LocalHostFactory(_azurite.Endpoints.ConnectionString, new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxb-slack-test-token",
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = "http://localhost/_dev/slack/api/",
            ["Slack:StreamChannel"] = StreamChannel,
            ["Slack:SupportChannel"] = SupportChannel,
            ["Slack:SharedChannels"] = SharedChannel,
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

    /// <summary>Everything Slack's stand-in holds: <c>messages</c> (each with its earlier versions in <c>updates</c>) and <c>topics</c>.</summary>
    public async Task<JsonObject> SlackAsync() => (await Host.CreateClient().GetFromJsonAsync<JsonObject>("/_dev/slack/messages"))!;

    /// <summary>The messages in <paramref name="channel"/> whose text names <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> MessagesAsync(string channel, string text) =>
        [.. (await SlackAsync())["messages"]!.AsArray().Select(m => m!.AsObject())
            .Where(m => (string?)m["channel"] == channel && ((string?)m["text"])?.Contains(text, StringComparison.Ordinal) == true)];
}
