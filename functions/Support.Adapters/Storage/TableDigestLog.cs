using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>One row per day in the config table: inserting it is the claim, so only one run gets it.</summary>
public sealed class TableDigestLog(TableServiceClient service, TimeProvider time) : IDigestLog, IPapercutLog
{
    private const string Partition = "digest";

    // The weekly papercut mail's claims, beside the digests' in the same table.
    private const string PapercutPartition = "papercuts";

    private readonly TableClient _table = service.GetTableClient(TableNames.Config);

    public Task<bool> TryClaimAsync(DateOnly day, CancellationToken cancellationToken) => ClaimAsync(Partition, day, cancellationToken);

    public Task ReleaseAsync(DateOnly day, CancellationToken cancellationToken) =>
        StorageCalls.Run(() => _table.DeleteEntityAsync(Partition, Row(day), ETag.All, cancellationToken));

    Task<bool> IPapercutLog.TryClaimAsync(DateOnly monday, CancellationToken cancellationToken) => ClaimAsync(PapercutPartition, monday, cancellationToken);

    Task IPapercutLog.ReleaseAsync(DateOnly monday, CancellationToken cancellationToken) =>
        StorageCalls.Run(() => _table.DeleteEntityAsync(PapercutPartition, Row(monday), ETag.All, cancellationToken));

    private async Task<bool> ClaimAsync(string partition, DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(new TableEntity(partition, Row(day)) { ["ClaimedAt"] = time.GetUtcNow() }, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static string Row(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
