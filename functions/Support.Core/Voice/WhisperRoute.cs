using Support.Core.Calendars;

namespace Support.Core.Voice;

/// <summary>Runs on the on-duty person's leg when they pick up: press 1 to take the call, anything else hangs up.</summary>
public sealed class WhisperRoute(RegionPolicy regions, CallScripts scripts) : IVoiceRoute
{
    public VoiceHook Hook => VoiceHook.Whisper;

    public Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var region = regions.ForName(request.Region);
        var script = request.Digits switch
        {
            null => scripts.WhisperPrompt(region),
            "1" => CallScripts.WhisperAccepted(),
            _ => CallScripts.Hangup(),
        };
        return Task.FromResult(VoiceReply.Run(script));
    }
}
