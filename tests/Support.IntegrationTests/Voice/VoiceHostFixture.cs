using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Adapters.Twilio;
using Support.Core.Ports;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests.Voice;

/// <summary>
/// A local host of its own, on an Azurite of its own, whose clock reads Wednesday 4 March 2026,
/// 10:00 in London: the UK line is open and Amira (first level, in the sample roster) is on duty,
/// while the US line (05:00 in New York) is closed. Its own storage keeps the shifted clock away
/// from the shared host's queues and timers.
/// </summary>
public sealed class VoiceHostFixture : IAsyncLifetime
{
    public const string AuthToken = "voice-integration-auth-token";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string PublicBaseUrl = "https://support.example.test";

    /// <summary>Wednesday 4 March 2026, 10:00 in London (GMT).</summary>
    public static readonly DateTimeOffset WednesdayMorningLondon = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private AzuriteServer? _azurite;
    private LocalHostFactory? _host;

    /// <summary>Where the sweep fetches recordings from, in place of api.twilio.com.</summary>
    public TwilioMediaHost Media { get; } = new(AccountSid, AuthToken);

    public LocalHostFactory Host => _host ?? throw new InvalidOperationException("The voice host is not running.");

    public string ConnectionString => _azurite?.Endpoints.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartScratchAsync(log: null, CancellationToken.None);

        var clock = new ShiftedClock(WednesdayMorningLondon);
        _host = new LocalHostFactory(ConnectionString, new Dictionary<string, string?>
        {
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:ApiBaseUrl"] = TwilioMediaHost.BaseUrl.ToString(),
            ["PublicBaseUrl"] = PublicBaseUrl,
            ["Local:SeedRoster"] = "true",

            // Late voicemail parts reach their ticket within seconds rather than a minute.
            ["VoicemailSweepSchedule"] = "*/2 * * * * *",
        })
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                services.AddHttpClient<IRecordingFetcher, TwilioRecordingFetcher>().ConfigurePrimaryHttpMessageHandler(() => Media);
            },
        };
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

    /// <summary>Real time moved to a chosen instant: it still flows, so timers and delays behave as usual.</summary>
    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _offset = start - System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
    }
}
