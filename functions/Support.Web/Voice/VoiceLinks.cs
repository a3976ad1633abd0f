using Microsoft.Extensions.Options;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Web.Voice;

/// <summary>Where each voice webhook is served (<see cref="Routes"/>), and its public URL as Twilio must call and sign it.</summary>
public sealed class VoiceLinks(IOptions<SiteOptions> site) : IVoiceLinks
{
    /// <summary>Query parameter naming the region in our own callback URLs (the recording callback carries no <c>To</c>).</summary>
    public const string RegionParameter = "region";

    /// <summary>Query parameter naming the person a call was put through to.</summary>
    public const string PersonParameter = "person";

    private readonly PublicLinks _links = new(site);

    public string Url(VoiceHook hook, string region, string? person = null) =>
        person is null
            ? _links.Url(Routes.Local(Route(hook)), (RegionParameter, region))
            : _links.Url(Routes.Local(Route(hook)), (PersonParameter, person), (RegionParameter, region));

    /// <summary>The route (relative to the api prefix) serving <paramref name="hook"/>.</summary>
    public static string Route(VoiceHook hook) => hook switch
    {
        VoiceHook.Incoming => Routes.VoiceIncoming,
        VoiceHook.DialStatus => Routes.VoiceDialStatus,
        VoiceHook.Whisper => Routes.VoiceWhisper,
        VoiceHook.VoicemailDone => Routes.VoiceVoicemailDone,
        VoiceHook.Recording => Routes.VoiceRecording,
        VoiceHook.Transcription => Routes.VoiceTranscription,
        _ => throw new ArgumentOutOfRangeException(nameof(hook), hook, "Unknown voice webhook."),
    };
}
