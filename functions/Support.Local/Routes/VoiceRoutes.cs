using Support.Web;
using Support.Web.Voice;

namespace Support.Local.Routes;

public static class VoiceRoutes
{
    /// <summary>Twilio's voice webhooks; each is refused with 403 unless Twilio signed it.</summary>
    public static void MapVoiceRoutes(this WebApplication app)
    {
        foreach (var route in (string[])[Web.Routes.VoiceIncoming, Web.Routes.VoiceDialStatus, Web.Routes.VoiceWhisper, Web.Routes.VoiceVoicemailDone, Web.Routes.VoiceRecording, Web.Routes.VoiceTranscription])
        {
            app.MapPost(Web.Routes.Local(route), (HttpRequest request, VoiceEndpoint endpoint, CancellationToken ct) => endpoint.PostAsync(route, request, ct))
                .Gated(Gate.TwilioSignature);
        }
    }
}
