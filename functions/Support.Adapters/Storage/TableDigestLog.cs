using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>One row per day in the config table: inserting it is the claim, so only one run gets it.</summary>
public sealed class TableDigestLog(TableServiceClient service, TimeProvider time) : IDigestLog
{
    private const string Partition = "digest";

    private readonly TableClient _table = service.GetTableClient(TableNames.Config);

    public async Task<bool> TryClaimAsync(DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(new TableEntity(Partition, Row(day)) { ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public Task ReleaseAsync(DateOnly day, CancellationToken cancellationToken) =>
        StorageCalls.Run(() => _table.DeleteEntityAsync(Partition, Row(day), ETag.All, cancellationToken));

    private static string Row(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
