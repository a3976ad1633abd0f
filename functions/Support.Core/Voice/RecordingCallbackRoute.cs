using System.Globalization;
using Support.Core.Calendars;

namespace Support.Core.Voice;

/// <summary>Twilio's recording status callback: the voicemail's audio is stored (or failed).</summary>
public sealed class RecordingCallbackRoute(RegionPolicy regions, VoicemailTickets voicemails) : IVoiceRoute
{
    public VoiceHook Hook => VoiceHook.Recording;

    public async Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var callSid = request.CallSid;
        if (!TwilioSid.IsValid(callSid, "CA"))
        {
            return VoiceReply.Refuse("CallSid is missing or not a call SID.");
        }

        var status = request.RecordingStatus;
        if (status is null)
        {
            return VoiceReply.Refuse("RecordingStatus is missing.");
        }

        if (status is not ("completed" or "failed" or "absent"))
        {
            // Progress events (in-progress) say nothing final about the voicemail.
            return VoiceReply.Accepted;
        }

        var url = request.RecordingUrl;
        if (status == "completed" && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return VoiceReply.Refuse("RecordingUrl is missing or not an absolute URL.");
        }

        var recording = new VoicemailRecording(
            status,
            url,
            request.RecordingSid,
            int.TryParse(request.RecordingDuration, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
        var region = regions.ForName(request.Region);
        await voicemails.RecordAsync(callSid!, region.Name, r => r with
        {
            Recording = r.Recording ?? recording,
            RecordingUrl = r.RecordingUrl ?? url,
        }, cancellationToken);
        await voicemails.FileAsync(callSid!, withoutCaller: false, cancellationToken);
        return VoiceReply.Accepted;
    }
}
