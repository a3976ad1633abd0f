using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Core;
using Support.Core.Assignment;
using Support.Core.Voice;
using Xunit;

namespace Support.Tests.Voice;

public sealed class VoiceRegistrationTests
{
    [Fact]
    public void AddSupportVoice_serves_every_route_once_and_wraps_the_assignment_policy()
    {
        var services = new ServiceCollection()
            .WithInMemoryPorts()
            .AddSupportCore(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var paths = provider.GetServices<IVoiceRoute>().Select(r => r.Path).ToList();
        Assert.Equal(
            [VoiceRoutes.Incoming, VoiceRoutes.DialStatus, VoiceRoutes.Whisper, VoiceRoutes.VoicemailDone, VoiceRoutes.Recording, VoiceRoutes.Transcription],
            paths);
        Assert.IsType<AnsweredCallAssignmentPolicy>(provider.GetRequiredService<IAssignmentPolicy>());
        Assert.NotNull(provider.GetRequiredService<VoicemailSweep>());
    }
}
