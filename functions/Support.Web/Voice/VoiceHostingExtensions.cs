using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Twilio;
using Support.Core.Voice;

namespace Support.Web.Voice;

public static class VoiceHostingExtensions
{
    /// <summary>
    /// The voice channel in a host: <c>Voice__*</c> and <c>Twilio__*</c> settings, the core routes
    /// and voicemail sweep, and the HTTP endpoint. Call after <c>AddSupportCore</c>,
    /// <c>AddSupportAdapters</c> and any replacement of the assignment policy (it is wrapped).
    /// </summary>
    public static IServiceCollection AddVoice(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VoiceOptions>(configuration.GetSection(VoiceOptions.Section));
        services.Configure<TwilioOptions>(configuration.GetSection(TwilioOptions.Section));
        services.AddSupportVoice();
        services.AddSingleton<VoiceEndpoint>();
        return services;
    }
}
