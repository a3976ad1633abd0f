using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Adapters;
using Support.Adapters.Storage;
using Support.Core;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Sla;
using Support.Local.Azurite;

namespace Support.Benchmarks;

/// <summary>
/// One SLA sweep over 10,000 open tickets of which 10 are due, against one over 100 open of which
/// 10 are due, on Azurite (started on free ports unless <c>--storage &lt;connection string&gt;</c> is
/// given). The sweep's storage round-trips should not depend on how many tickets are open.
/// </summary>
public sealed class SlaSweepCommand : IBenchmarkCommand
{
    private const int Due = 10;

    public string Name => "sla-sweep";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var given = args.SkipWhile(a => a != "--storage").Skip(1).FirstOrDefault();
        AzuriteServer? azurite = null;
        try
        {
            if (given is null)
            {
                azurite = await AzuriteServer.StartScratchAsync(null, cancellationToken);
            }

            var connection = given ?? azurite!.Endpoints.ConnectionString;
            var small = await MeasureAsync(connection, 100, cancellationToken);
            var large = await MeasureAsync(connection, 10_000, cancellationToken);
            var ratio = large.Elapsed.TotalMilliseconds / Math.Max(0.001, small.Elapsed.TotalMilliseconds);
            Console.WriteLine($"100 open, {Due} due: {small.Queued} queued, {small.RoundTrips} storage round-trips, {small.Elapsed.TotalMilliseconds:0.0} ms");
            Console.WriteLine($"10,000 open, {Due} due: {large.Queued} queued, {large.RoundTrips} storage round-trips, {large.Elapsed.TotalMilliseconds:0.0} ms");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"roundtrips_10k={large.RoundTrips} roundtrips_100={small.RoundTrips} time_ratio={ratio:0.00}"));
            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static async Task<(long RoundTrips, TimeSpan Elapsed, int Queued)> MeasureAsync(string connection, int open, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = connection,
            ["SendGrid:ApiKey"] = "unused",
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSupportCore(configuration).AddSupportAdapters(configuration).AddStorageQueues();
        await using var provider = services.BuildServiceProvider();

        var tables = provider.GetRequiredService<TableServiceClient>();
        foreach (var name in TableNames.All)
        {
            await tables.DeleteTableAsync(name, cancellationToken);
            await tables.CreateTableIfNotExistsAsync(name, cancellationToken);
        }

        var queues = provider.GetRequiredService<QueueServiceClient>();
        await queues.GetQueueClient(QueueNames.SlaDue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"seeding {open} open tickets, {Due} of them due …");
        await SeedAsync(provider, open, now, cancellationToken);

        var sweep = provider.GetRequiredService<SlaSweep>();
        var counters = provider.GetRequiredService<StorageRoundTrips>();

        // Warm up (JIT, connections) on an index with nothing due yet.
        await provider.GetRequiredService<ISlaDueIndex>().DueAsync(now.AddDays(-30), 1, cancellationToken);
        await queues.GetQueueClient(QueueNames.SlaDue).GetPropertiesAsync(cancellationToken);

        counters.Reset();
        var clock = Stopwatch.StartNew();
        var queued = await sweep.SweepAsync(isPastDue: false, cancellationToken);
        clock.Stop();
        return (counters.Storage, clock.Elapsed, queued);
    }

    /// <summary>
    /// Tickets are real ticket rows (one partition each, written in parallel); their due-index entries
    /// go in through the index, 100 per entity-group transaction, as the SLA tracking writes them.
    /// </summary>
    private static async Task SeedAsync(ServiceProvider provider, int open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tickets = provider.GetRequiredService<TableServiceClient>().GetTableClient(TableNames.Tickets);
        var index = provider.GetRequiredService<ISlaDueIndex>();
        var entries = new List<SlaDueEntry>();
        var created = now.AddHours(-2);
        await Parallel.ForEachAsync(Enumerable.Range(0, open), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var reference = $"SLA-{i:D6}";
            var due = i < Due ? now.AddMinutes(-1 - i) : now.AddHours(1 + (i % 48));
            await tickets.UpsertEntityAsync(new TableEntity(reference, "ticket")
            {
                ["Status"] = WireNames.Of(TicketStatus.Open),
                ["NextSlaDue"] = due,
                ["CreatedAt"] = created,
            }, cancellationToken: ct);
        });

        for (var i = 0; i < open; i++)
        {
            var due = i < Due ? now.AddMinutes(-1 - i) : now.AddHours(1 + (i % 48));
            var targets = new[] { new SlaTargetState(SlaTargets.FirstResponse, due) { WarnAt = due.AddMinutes(-45) } };
            entries.AddRange(SlaDueEntries.For($"SLA-{i:D6}", targets));
        }

        await index.AddAsync(entries, cancellationToken);
    }
}
