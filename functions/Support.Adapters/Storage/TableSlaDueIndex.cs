using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Adapters.Storage;

/// <summary>
/// The SLA due index in one table partition, row keys starting with the due time (UTC ticks, fixed
/// width) so "everything due by now" is one range query that reads only due rows, and a ticket's
/// entries go in with one entity-group transaction. A support team's entries are few and short-lived,
/// well within one partition's throughput.
/// </summary>
public sealed class TableSlaDueIndex(TableServiceClient service) : ISlaDueIndex
{
    public const string Partition = "due";

    // Entity-group transactions take at most 100 operations.
    private const int BatchSize = 100;

    private readonly TableClient _table = service.GetTableClient(TableNames.SlaDue);

    public async Task AddAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var batch in entries.DistinctBy(RowKey).Chunk(BatchSize))
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e))).ToList();
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
        }
    }

    public async Task<IReadOnlyList<SlaDueEntry>> DueAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {Ticks(upTo.AddTicks(1))}");
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
        foreach (var batch in entries.DistinctBy(RowKey).Chunk(BatchSize))
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, RowKey(e)), ETag.All)).ToList();
            try
            {
                await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // An overlapping run removed some of them first; the transaction is all or nothing, so go one by one.
                foreach (var entry in batch)
                {
                    await StorageCalls.Run(() => _table.DeleteEntityAsync(Partition, RowKey(entry), ETag.All, cancellationToken));
                }
            }
        }
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string RowKey(SlaDueEntry e) => $"{Ticks(e.At)}|{e.Reference}|{e.Target}|{e.Action}";

    private static TableEntity ToEntity(SlaDueEntry e) => new(Partition, RowKey(e))
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
