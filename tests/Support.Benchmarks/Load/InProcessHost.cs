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
        RoundTrips.TallyByTargets();
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

    /// <summary>Processor time used so far by this process (the host) and by Azurite.</summary>
    public (TimeSpan Host, TimeSpan Azurite) ProcessorTime()
    {
        using var azurite = Process.GetProcessById(_azurite.ProcessId);
        return (Process.GetCurrentProcess().TotalProcessorTime, azurite.TotalProcessorTime);
    }

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
            "--IntegrationKeys:load", key,
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
    /// Azurite alone doing <paramref name="work"/> at <paramref name="concurrency"/>, its kinds of
    /// request mixed as the pipeline mixes them: queue sends, table requests (an insert into a fresh
    /// partition of the tickets table, then reading it back, as a ticket's writes and reads are) and
    /// receives that delete what they get. The tickets table, because Azurite's cost of an insert grows
    /// with the table it goes into: against an empty table it would not be the same request.
    /// The elapsed time.
    /// </summary>
    public async Task<TimeSpan> AzuriteAloneAsync(AzuriteWork work, int concurrency, CancellationToken cancellationToken)
    {
        var table = Tables.GetTableClient(TableNames.Tickets);
        var queue = Queues.GetQueueClient("loadprobe");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var body = BinaryData.FromString(new string('x', Math.Max(1, work.MessageBytes)));
        var deletes = work.QueueDeletes;

        Func<Task> send = () => queue.SendMessageAsync(body, cancellationToken: cancellationToken);
        Func<Task> tablePair = async () =>
        {
            var partition = "loadprobe-" + Guid.NewGuid().ToString("N");
            await table.AddEntityAsync(new TableEntity(partition, "ticket") { ["Doc"] = new string('x', 1500) }, cancellationToken);
            await table.GetEntityAsync<TableEntity>(partition, "ticket", cancellationToken: cancellationToken);
        };
        Func<Task> receive = async () =>
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(maxMessages: 32, cancellationToken: cancellationToken)).Value)
            {
                if (Interlocked.Decrement(ref deletes) >= 0)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }
        };

        // Spread evenly (each kind at its own stride), so every stretch of the run has the pipeline's mix.
        var steps = Spread(work.QueueSends, send)
            .Concat(Spread(work.TableRoundTrips / 2, tablePair))
            .Concat(Spread(work.QueueReceives, receive))
            .OrderBy(s => s.Position)
            .Select(s => s.Step)
            .ToArray();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref next)) < steps.Length)
            {
                await steps[mine]();
            }
        }, cancellationToken)));
        return clock.Elapsed;
    }

    private static IEnumerable<(double Position, Func<Task> Step)> Spread(long count, Func<Task> step) =>
        Enumerable.Range(0, (int)count).Select(i => ((i + 0.5) / count, step));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

/// <summary>The requests a run made of Azurite, by kind, for <see cref="InProcessHost.AzuriteAloneAsync"/> to make again.</summary>
public sealed record AzuriteWork(long TableRoundTrips, long QueueSends, long QueueReceives, long QueueDeletes, int MessageBytes)
{
    /// <summary>The work the counters saw: table and blob requests, and queue sends, receives and deletes (with the mean size of a send).</summary>
    public static AzuriteWork Counted(StorageRoundTrips roundTrips)
    {
        var queues = roundTrips.Queues.ByTarget;
        IEnumerable<RequestTally> Of(string method) => queues.Where(q => q.Key.StartsWith(method + " ", StringComparison.Ordinal)).Select(q => q.Value);
        var sends = Of("POST").Sum(t => t.Count);
        var sentBytes = Of("POST").Sum(t => t.Bytes);
        return new AzuriteWork(roundTrips.Storage, sends, Of("GET").Sum(t => t.Count), Of("DELETE").Sum(t => t.Count), sends == 0 ? 0 : (int)(sentBytes / sends));
    }

    public AzuriteWork TablesOnly => this with { QueueSends = 0, QueueReceives = 0, QueueDeletes = 0 };
}
