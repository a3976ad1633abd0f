using Microsoft.Extensions.DependencyInjection;
using Support.Core.Assignment;
using Support.Core.Ports;
using Support.Core.Scheduling;

namespace Support.Core.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>
    /// The voice channel: routes, scripts, voicemail filing, and the assignment rule for answered
    /// calls. Call after <c>AddSupportCore</c> and after any replacement of <see cref="IAssignmentPolicy"/>,
    /// which it wraps. The host provides <see cref="IVoicemailStore"/> and <see cref="IRequesterDirectory"/>.
    /// </summary>
    public static IServiceCollection AddSupportVoice(this IServiceCollection services)
    {
        services.AddOptions<VoiceOptions>();
        services.AddSingleton(_ => RegionPolicy.LoadEmbedded());
        services.AddSingleton<VoiceRoutes>();
        services.AddSingleton<CallScripts>();
        services.AddSingleton<CallerLookup>();
        services.AddSingleton<VoicemailTickets>();
        services.AddSingleton<VoicemailSweep>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<VoicemailSweep>());
        services.AddSingleton<IVoiceRoute, IncomingCallRoute>();
        services.AddSingleton<IVoiceRoute, DialStatusRoute>();
        services.AddSingleton<IVoiceRoute, WhisperRoute>();
        services.AddSingleton<IVoiceRoute, VoicemailDoneRoute>();
        services.AddSingleton<IVoiceRoute, RecordingCallbackRoute>();
        services.AddSingleton<IVoiceRoute, TranscriptionCallbackRoute>();
        return services.Decorate<IAssignmentPolicy>(
            (sp, inner) => new AnsweredCallAssignmentPolicy(inner, sp.GetRequiredService<ITicketStore>()),
            "AddSupportVoice wraps the assignment policy: call AddSupportCore first.");
    }
}
