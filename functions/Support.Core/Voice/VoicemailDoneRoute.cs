using Support.Core.Calendars;

namespace Support.Core.Voice;

/// <summary>
/// The <c>Record</c> action: the caller finished their message. Without an action Twilio would
/// request the current document again and loop; the message itself arrives by the callbacks.
/// </summary>
public sealed class VoicemailDoneRoute(RegionPolicy regions, CallScripts scripts) : IVoiceRoute
{
    public VoiceHook Hook => VoiceHook.VoicemailDone;

    public Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var region = regions.ForName(request.Region);
        return Task.FromResult(VoiceReply.Run(scripts.Goodbye(region)));
    }
}
