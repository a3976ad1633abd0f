using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Twilio;
using Support.Core;
using Support.Core.Ports;
using Support.Core.Voice;
using Support.Tests.Fakes;
using Support.Web;
using Support.Web.Voice;
using Xunit;

namespace Support.Tests.Web.Voice;

public sealed class VoiceEndpointTests
{
    private static readonly string[] VoiceRouteConstants =
        [Routes.VoiceIncoming, Routes.VoiceDialStatus, Routes.VoiceWhisper, Routes.VoiceVoicemailDone, Routes.VoiceRecording, Routes.VoiceTranscription];

    [Fact]
    public void Every_voice_route_has_a_route_constant_the_hosts_map()
    {
        using var provider = Services();

        Assert.Equal(
            provider.GetServices<IVoiceRoute>().Select(r => Routes.Local(VoiceLinks.Route(r.Hook))).Order(StringComparer.Ordinal),
            VoiceRouteConstants.Select(Routes.Local).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwiML_is_written_as_application_xml()
    {
        using var provider = Services();
        var context = Post(provider, "CallSid=CA1&From=%2B442079460456&To=%2B442079460100");

        await (await provider.GetRequiredService<VoiceEndpoint>().PostAsync(Routes.VoiceWhisper, context.Request, CancellationToken.None)).ExecuteAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith("application/xml", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Response", XDocument.Parse(Body(context)).Root!.Name.LocalName);
    }

    [Fact]
    public async Task A_refused_callback_answers_problem_json_with_the_reason()
    {
        using var provider = Services();
        var context = Post(provider, "RecordingStatus=completed");

        await (await provider.GetRequiredService<VoiceEndpoint>().PostAsync(Routes.VoiceRecording, context.Request, CancellationToken.None)).ExecuteAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("CallSid", Body(context), StringComparison.Ordinal);
    }

    private static ServiceProvider Services() => new ServiceCollection()
        .WithInMemoryPorts()
        .AddSupportCore(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .AddSingleton<ICallScriptWriter, TwilioTwiml>()
        .AddSupportWeb()
        .BuildServiceProvider();

    private static DefaultHttpContext Post(IServiceProvider services, string form)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(form));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(DefaultHttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }
}
