using Microsoft.Extensions.Options;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Web.Voice;

/// <summary>Where each voice webhook is served (<see cref="Routes"/>), and its public URL as Twilio must call and sign it.</summary>
public sealed class VoiceLinks(IOptions<SiteOptions> site) : IVoiceLinks
{
    private readonly PublicLinks _links = new(site);

    public string Url(VoiceHook hook, params (string Name, string Value)[] query) => _links.Url(Routes.Local(Route(hook)), query);

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
