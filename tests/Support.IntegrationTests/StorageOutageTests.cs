using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Local.Azurite;
using Xunit;

namespace Support.IntegrationTests;

public sealed class StorageOutageTests
{
    [Fact]
    public async Task Intake_answers_503_with_retry_after_when_storage_cannot_be_reached()
    {
        var nowhere = StorageEndpoints.ForPorts(Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        await using var factory = new LocalHostFactory(nowhere.ConnectionString)
        {
            ConfigureTestServices = services => services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>(),
        };
        var client = factory.CreateClient();

        var response = await Api.PostWebAsync(client, Api.Form(Api.UniqueEmail()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Nothing was stored", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
