using Support.Core.Calendars;

namespace Support.Core.Voice;

/// <summary>Twilio's transcription callback: the voicemail's text, or word that there is none.</summary>
public sealed class TranscriptionCallbackRoute(RegionPolicy regions, VoicemailTickets voicemails) : IVoiceRoute
{
    public VoiceHook Hook => VoiceHook.Transcription;

    public async Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var callSid = request.CallSid;
        if (!TwilioSid.IsValid(callSid, "CA"))
        {
            return VoiceReply.Refuse("CallSid is missing or not a call SID.");
        }

        var transcription = request.TranscriptionStatus switch
        {
            "completed" => new VoicemailTranscription(true, request.TranscriptionText),
            "failed" => new VoicemailTranscription(false, null),
            _ => null,
        };
        if (transcription is null)
        {
            return VoiceReply.Refuse("TranscriptionStatus must be completed or failed.");
        }

        var to = request.To;
        var region = request.Region is { } name ? regions.ForName(name) : regions.ForNumber(to);
        var from = request.From;
        var url = request.RecordingUrl;
        await voicemails.RecordAsync(callSid!, region.Name, r => r with
        {
            From = r.From ?? from,
            To = r.To ?? to,
            RecordingUrl = r.RecordingUrl ?? url,
            Transcription = r.Transcription ?? transcription,
        }, cancellationToken);
        await voicemails.FileAsync(callSid!, withoutCaller: false, cancellationToken);
        return VoiceReply.Accepted;
    }
}
