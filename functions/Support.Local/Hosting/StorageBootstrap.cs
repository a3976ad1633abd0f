using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Support.Adapters.Storage;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Local.Azurite;
using Support.Local.DevMail;

namespace Support.Local.Hosting;

/// <summary>
/// Before anything else runs: makes sure storage is there (starting Azurite when the configured
/// endpoints are local and nobody listens), creates the tables, queues and containers, and seeds
/// the demo roster on first run. Stops the Azurite it started when the host stops.
/// </summary>
public sealed class StorageBootstrap(
    IOptions<StorageOptions> storage,
    IOptions<LocalOptions> local,
    StorageProvisioner provisioner,
    QueueServiceClient queues,
    TableRosterStore rosters,
    ILogger<StorageBootstrap> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteServer? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureStorageRunningAsync(cancellationToken);

        await provisioner.EnsureAsync([], cancellationToken);

        foreach (var queue in QueueNames.All)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queues.GetQueueClient(QueueNames.PoisonOf(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        if (local.Value.SeedRoster && await rosters.SeedAsync(RosterSamples.Load(), cancellationToken))
        {
            logger.LogInformation("Seeded the sample roster (replace it with PUT /api/roster)");
        }

        logger.LogInformation("Storage ready: tables, queues ({Queues}) and containers exist", string.Join(", ", QueueNames.All));
    }

    private async Task EnsureStorageRunningAsync(CancellationToken cancellationToken)
    {
        var endpoints = StorageEndpoints.Parse(storage.Value.ConnectionString);
        if (endpoints is null || !endpoints.IsLoopback || !local.Value.StartAzurite)
        {
            return;
        }

        if (await AzuriteServer.AllListeningAsync(endpoints, cancellationToken))
        {
            logger.LogInformation("Using the storage emulator already listening on ports {Ports}", string.Join(", ", endpoints.Ports));
            return;
        }

        var root = RepoRoot.Find();
        var location = Path.IsPathRooted(local.Value.AzuriteLocation)
            ? local.Value.AzuriteLocation
            : Path.Combine(root, local.Value.AzuriteLocation);
        _azurite = await AzuriteServer.StartAsync(root, endpoints, location, new LogWriter(logger), cancellationToken);
        logger.LogInformation("Started Azurite (pid {Pid}) on ports {Ports}", _azurite.ProcessId, string.Join(", ", endpoints.Ports));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is { } azurite)
        {
            _azurite = null;
            await azurite.DisposeAsync();
            logger.LogInformation("Stopped Azurite");
        }
    }

    private sealed class LogWriter(ILogger logger) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => logger.LogInformation("{Line}", value);
    }
}
