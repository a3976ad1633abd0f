using Microsoft.Extensions.Options;
using Support.Core.Mail;

namespace Support.Core.Voice;

/// <summary>The voice webhook paths, and their public URLs as Twilio must call (and sign) them.</summary>
public sealed class VoiceRoutes(IOptions<SiteOptions> site)
{
    public const string Incoming = "/api/voice/incoming";
    public const string DialStatus = "/api/voice/dial-status";
    public const string Whisper = "/api/voice/whisper";
    public const string VoicemailDone = "/api/voice/voicemail-done";
    public const string Recording = "/api/voice/recording";
    public const string Transcription = "/api/voice/transcription";

    /// <summary>Query parameter naming the region in our own callback URLs (the recording callback carries no <c>To</c>).</summary>
    public const string RegionParameter = "region";

    /// <summary>Query parameter naming the person a call was put through to.</summary>
    public const string PersonParameter = "person";

    private readonly PublicLinks _links = new(site);

    public string Url(string path, params (string Name, string Value)[] query) => _links.Url(path, query);
}
