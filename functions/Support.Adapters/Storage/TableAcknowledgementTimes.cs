using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// One row per acknowledgement. The partition is the window and the first hex digit of the address's hash
/// (<c>w{yyyyMMddHHmm}-{digit}</c>: sixteen partitions a window, so no window is one hot partition), the row the
/// address's hash and the slot, so the table holds no addresses. Insert only: the first insert of a slot wins.
/// Windows sort by time, so the ones past are one range of partitions to read and delete, a transaction per
/// partition of up to 100 rows; rows of the earlier layout (an address's hash as the partition) sort before
/// them and go with the first deletion.
/// </summary>
public sealed class TableAcknowledgementTimes(TableServiceClient service) : IAcknowledgementTimes
{
    private const int MaxPerTransaction = 100;

    private readonly TableClient _table = service.GetTableClient(TableNames.AcknowledgementTimes);

    public async Task<bool> TryClaimAsync(string address, DateTimeOffset window, int slot, CancellationToken cancellationToken)
    {
        var hash = TableKeys.Hashed(address.ToLowerInvariant()).Row;
        var entity = new TableEntity(WindowKey(window) + "-" + hash[0], hash + "-" + slot.ToString(CultureInfo.InvariantCulture));
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(entity, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {WindowKey(before)}");
        var rows = new List<TableEntity>();
        await StorageCalls.Run(async () =>
        {
            rows.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        });

        foreach (var chunk in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(MaxPerTransaction)))
        {
            var deletes = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)).ToList();
            try
            {
                await StorageCalls.Run(() => _table.SubmitTransactionAsync(deletes, cancellationToken));
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // Another run deleted some of them meanwhile: the rest go on the next.
            }
        }

        return rows.Count;
    }

    private static string WindowKey(DateTimeOffset window) =>
        "w" + window.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
}
