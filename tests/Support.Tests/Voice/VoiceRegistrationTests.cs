using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Core;
using Support.Core.Assignment;
using Support.Core.Voice;
using Support.Tests.Fakes;
using Support.Web;
using Support.Web.Voice;
using Xunit;

namespace Support.Tests.Voice;

public sealed class VoiceRegistrationTests
{
    [Fact]
    public void AddSupportCore_serves_every_voice_route_once_and_assigns_by_the_roster_with_no_wrapper()
    {
        var services = new ServiceCollection()
            .WithInMemoryPorts()
            .AddSupportCore(new ConfigurationBuilder().Build())
            .AddSupportWeb();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var paths = provider.GetServices<IVoiceRoute>().Select(r => Routes.Local(VoiceLinks.Route(r.Hook))).ToList();
        Assert.Equal(
            ["/api/voice/incoming", "/api/voice/dial-status", "/api/voice/whisper", "/api/voice/voicemail-done", "/api/voice/recording", "/api/voice/transcription"],
            paths);
        Assert.IsType<RosterAssignmentPolicy>(provider.GetRequiredService<IAssignmentPolicy>());
        Assert.NotNull(provider.GetRequiredService<VoicemailSweep>());
    }
}
