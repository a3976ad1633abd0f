using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Queues;
using Support.Local.Azurite;
using Support.Local.Hosting;

namespace Support.Benchmarks.Load;

/// <summary>
/// Azurite on free ports with a fresh data folder, and the local host in this process on a free
/// port against it, so the load run can read the host's storage round-trip counters. The run's
/// own observation (is it assigned yet, are the queues empty) goes through separate clients that
/// the counters do not see.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly WebApplication _app;

    private InProcessHost(AzuriteServer azurite, WebApplication app, Uri url, string key)
    {
        _azurite = azurite;
        _app = app;
        Url = url;
        Key = key;
        RoundTrips = app.Services.GetRequiredService<StorageRoundTrips>();
        Tickets = new TableTicketStore(new TableServiceClient(azurite.Endpoints.ConnectionString));
        Queues = new QueueServiceClient(azurite.Endpoints.ConnectionString);
        Tables = new TableServiceClient(azurite.Endpoints.ConnectionString);
    }

    public Uri Url { get; }

    public string Key { get; }

    public StorageRoundTrips RoundTrips { get; }

    /// <summary>The tickets, read without touching the host's counters.</summary>
    public TableTicketStore Tickets { get; }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    public string ConnectionString => _azurite.Endpoints.ConnectionString;

    public static async Task<InProcessHost> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteServer.StartScratchAsync(log, cancellationToken);
        var endpoints = azurite.Endpoints;
        var url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}");
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var app = LocalHost.Build(
        [
            "--urls", url.ToString(),
            "--Storage", endpoints.ConnectionString,
            "--AdminApiKey", key,
            "--Local:StartAzurite", "false",
            "--Logging:LogLevel:Default", "Warning",

            // Every post comes from this one machine: the per-IP limit would otherwise refuse the load itself.
            "--WebForm:RateLimitPerMinute", "1000000",
        ]);
        await app.StartAsync(cancellationToken);
        return new InProcessHost(azurite, app, url, key);
    }

    public async Task<bool> QueuesEmptyAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in QueueNames.All)
        {
            if ((await Queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Azurite alone: <paramref name="roundTrips"/> table requests (an insert into a fresh partition, then
    /// reading it back, as a ticket's writes and reads are) at <paramref name="concurrency"/>; the elapsed time.
    /// </summary>
    public async Task<TimeSpan> AzuriteAloneAsync(long roundTrips, int concurrency, CancellationToken cancellationToken)
    {
        var table = Tables.GetTableClient("loadprobe");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var remaining = roundTrips;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Add(ref remaining, -2) > -2)
            {
                var partition = Guid.NewGuid().ToString("N");
                await table.AddEntityAsync(new TableEntity(partition, "ticket") { ["Doc"] = new string('x', 1500) }, cancellationToken);
                await table.GetEntityAsync<TableEntity>(partition, "ticket", cancellationToken: cancellationToken);
            }
        }, cancellationToken)));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
