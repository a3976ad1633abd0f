using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests.Email;

public sealed class InboundEmailOutageTests
{
    [Fact]
    public async Task Inbound_mail_answers_503_when_storage_cannot_be_reached_so_sendgrid_retries()
    {
        var nowhere = StorageEndpoints.ForPorts(Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        await using var factory = new LocalHostFactory(nowhere.ConnectionString)
        {
            ConfigureTestServices = services => services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>(),
        };
        var code = factory.Services.GetRequiredService<IConfiguration>()["InboundEmailKey"];
        var mime = InboundMail.Compose(Api.UniqueEmail(), "Hello", "Is anyone there?", InboundMail.MessageId());

        var response = await InboundMail.PostAsync(factory.CreateClient(), InboundMail.RawContent(mime), code);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
