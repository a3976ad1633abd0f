using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Adapters.Storage;

/// <summary>
/// The SLA due index in <see cref="Shards"/> table partitions, a ticket's entries in the one its reference hashes
/// to (so they go in with one entity-group transaction), row keys starting with the due time (UTC ticks, fixed
/// width) so "everything due by now" is one range query per partition that reads only due rows, run together.
/// One partition took every new ticket's entries, about a quarter of all writes, and would have been the first
/// thing to reach a partition's throughput target; spread, each takes a sixteenth of that, and a sweep costs
/// sixteen queries however many tickets are open. Entries written before the spread (partition
/// <see cref="Unsharded"/>) are still read, and moved to their partition as they come due, so none is missed.
/// </summary>
public sealed class TableSlaDueIndex(TableServiceClient service) : ISlaDueIndex
{
    /// <summary>A hexadecimal digit's worth: the partition is the first digit of the reference's hash.</summary>
    public const int Shards = 16;

    public const string Unsharded = "due";

    // Entity-group transactions take at most 100 operations.
    private const int BatchSize = 100;

    private readonly TableClient _table = service.GetTableClient(TableNames.SlaDue);

    public async Task AddAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var batch in entries.DistinctBy(RowKey).GroupBy(e => PartitionOf(e.Reference)).SelectMany(p => p.Chunk(BatchSize)))
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e))).ToList();
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
        }
    }

    public async Task<IReadOnlyList<SlaDueEntry>> DueAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken)
    {
        var partitions = Enumerable.Range(0, Shards).Select(Shard).Append(Unsharded).ToList();
        var due = await Task.WhenAll(partitions.Select(p => DueInAsync(p, upTo, max, cancellationToken)));
        if (due[^1] is { Count: > 0 } unsharded)
        {
            await AddAsync(unsharded, cancellationToken);
            await DeleteAsync(Unsharded, unsharded, cancellationToken);
        }

        return [.. due.SelectMany(d => d).OrderBy(e => e.At).ThenBy(e => e.Reference, StringComparer.Ordinal).Take(max)];
    }

    private async Task<IReadOnlyList<SlaDueEntry>> DueInAsync(string partition, DateTimeOffset upTo, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {Ticks(upTo.AddTicks(1))}");
        var entries = new List<SlaDueEntry>();
        await StorageCalls.Run(async () =>
        {
            entries.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
            {
                if (FromEntity(row) is { } entry)
                {
                    entries.Add(entry);
                }

                if (entries.Count >= max)
                {
                    break;
                }
            }
        });
        return entries;
    }

    public async Task RemoveAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var partition in entries.GroupBy(e => PartitionOf(e.Reference)))
        {
            await DeleteAsync(partition.Key, [.. partition], cancellationToken);
        }
    }

    private async Task DeleteAsync(string partition, IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var batch in entries.DistinctBy(RowKey).Chunk(BatchSize))
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, RowKey(e)), ETag.All)).ToList();
            try
            {
                await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // An overlapping run removed some of them first; the transaction is all or nothing, so go one by one.
                foreach (var entry in batch)
                {
                    await StorageCalls.Run(() => _table.DeleteEntityAsync(partition, RowKey(entry), ETag.All, cancellationToken));
                }
            }
        }
    }

    private static string Shard(int shard) => Unsharded + "-" + shard.ToString("x", CultureInfo.InvariantCulture);

    private static string PartitionOf(string reference) => Unsharded + "-" + TableKeys.Hashed(reference).Row[0];

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string RowKey(SlaDueEntry e) => $"{Ticks(e.At)}|{e.Reference}|{e.Target}|{e.Action}";

    private static TableEntity ToEntity(SlaDueEntry e) => new(PartitionOf(e.Reference), RowKey(e))
    {
        ["Reference"] = e.Reference,
        ["Target"] = e.Target,
        ["Action"] = e.Action.ToString(),
        ["At"] = e.At,
    };

    private static SlaDueEntry? FromEntity(TableEntity row) =>
        row.GetDateTimeOffset("At") is { } at && Enum.TryParse<SlaAction>(row.GetString("Action"), out var action)
            ? new SlaDueEntry(at, row.GetString("Reference"), row.GetString("Target"), action)
            : null;
}
