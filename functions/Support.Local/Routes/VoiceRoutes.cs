using Support.Web;
using Support.Web.Voice;

namespace Support.Local.Routes;

public static class VoiceRoutes
{
    /// <summary>Twilio's voice webhooks; each is refused with 403 unless Twilio signed it.</summary>
    public static void MapVoiceRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceIncoming), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceIncoming, request, ct))
            .Gated(Gate.TwilioSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceDialStatus), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceDialStatus, request, ct))
            .Gated(Gate.TwilioSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceWhisper), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceWhisper, request, ct))
            .Gated(Gate.TwilioSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceVoicemailDone), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceVoicemailDone, request, ct))
            .Gated(Gate.TwilioSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceRecording), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceRecording, request, ct))
            .Gated(Gate.TwilioSignature);
        app.MapPost(Web.Routes.Local(Web.Routes.VoiceTranscription), (HttpRequest request, VoiceEndpoint voice, CancellationToken ct) => voice.PostAsync(Web.Routes.VoiceTranscription, request, ct))
            .Gated(Gate.TwilioSignature);
    }
}
