using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>One row per address (keyed by its hash, so the table holds no addresses), written only with the ETag it was read with.</summary>
public sealed class TableAcknowledgementTimes(TableServiceClient service) : IAcknowledgementTimes
{
    private readonly TableClient _table = service.GetTableClient(TableNames.AcknowledgementTimes);

    public async Task<AcknowledgementTimes> GetAsync(string address, CancellationToken cancellationToken)
    {
        var (partition, row) = TableKeys.Hashed(address.ToLowerInvariant());
        var entity = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken));
        if (!entity.HasValue)
        {
            return new AcknowledgementTimes(address, [], null);
        }

        var ticks = JsonSerializer.Deserialize(entity.Value!.GetString("Times") ?? "[]", StorageJson.Default.Int64Array) ?? [];
        return new AcknowledgementTimes(address, [.. ticks.Select(t => new DateTimeOffset(t, TimeSpan.Zero))], entity.Value.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(AcknowledgementTimes previous, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var (partition, row) = TableKeys.Hashed(previous.Address.ToLowerInvariant());
        var entity = new TableEntity(partition, row)
        {
            ["Times"] = JsonSerializer.Serialize(times.Select(t => t.UtcTicks).ToArray(), StorageJson.Default.Int64Array),
        };
        try
        {
            await StorageCalls.Run(() => previous.ETag is null
                ? _table.AddEntityAsync(entity, cancellationToken)
                : _table.UpdateEntityAsync(entity, new ETag(previous.ETag), TableUpdateMode.Replace, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(long[]))]
internal sealed partial class StorageJson : System.Text.Json.Serialization.JsonSerializerContext;
