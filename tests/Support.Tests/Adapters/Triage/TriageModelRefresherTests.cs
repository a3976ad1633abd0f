using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Support.Adapters.Triage;
using Support.Core.Triage;
using Xunit;

namespace Support.Tests.Adapters.Triage;

public sealed class TriageModelRefresherTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unreachable_storage_keeps_the_model_and_says_so_in_one_line_without_the_clients_retry_story()
    {
        var models = new TriageModelHolder();
        var logger = new FakeLogger<TriageModelRefresher>();

        await Refresher(models, new Lifetime(), logger).RefreshAsync(Cancel);

        var entry = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("storage unreachable", entry.Message, StringComparison.Ordinal);
        Assert.Contains(models.Current.Info.Version, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_refresh_waits_for_the_host_to_have_started_so_storage_a_hosted_service_brings_up_is_there()
    {
        var lifetime = new Lifetime();
        var logger = new FakeLogger<TriageModelRefresher>();
        using var refresher = Refresher(new TriageModelHolder(), lifetime, logger);

        await refresher.StartAsync(Cancel);
        Assert.Empty(logger.Collector.GetSnapshot());
        lifetime.Start();
        while (logger.Collector.Count == 0)
        {
            await Task.Delay(50, Cancel);
        }

        await refresher.StopAsync(Cancel);
        Assert.Contains("storage unreachable", logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
    }

    private static TriageModelRefresher Refresher(TriageModelHolder models, IHostApplicationLifetime lifetime, ILogger<TriageModelRefresher> logger)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        var blobs = new BlobServiceClient(new Uri($"http://127.0.0.1:{ClosedPort()}/devstoreaccount1"), options);
        return new TriageModelRefresher(models, new BlobTriageModelStore(blobs), Options.Create(new TriageOptions()), lifetime, logger);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication()
        {
        }
    }
}
