using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// One row per acknowledgement: the partition is the address's hash (so the table holds no addresses and each
/// address is its own partition), the row its window and slot. Insert only: the first insert of a slot wins.
/// </summary>
public sealed class TableAcknowledgementTimes(TableServiceClient service) : IAcknowledgementTimes
{
    private readonly TableClient _table = service.GetTableClient(TableNames.AcknowledgementTimes);

    public async Task<bool> TryClaimAsync(string address, DateTimeOffset window, int slot, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.Hashed(address.ToLowerInvariant()).Row, RowKey(window, slot));
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

    /// <summary>Sorts by time within the address, so an address's rows read (or are deleted) oldest first.</summary>
    private static string RowKey(DateTimeOffset window, int slot) =>
        window.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + "-" + slot.ToString(CultureInfo.InvariantCulture);
}
