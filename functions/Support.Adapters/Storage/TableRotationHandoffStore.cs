using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>One row per role in the config table, written only with the ETag it was read with.</summary>
public sealed class TableRotationHandoffStore(TableServiceClient service) : IRotationHandoffStore
{
    private const string Partition = "handoff";

    private readonly TableClient _table = service.GetTableClient(TableNames.Config);

    public async Task<RotationHandoffState?> GetAsync(SupportRole role, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition, WireNames.Of(role), cancellationToken: cancellationToken));
        return row.HasValue ? FromEntity(role, row.Value!) : null;
    }

    public async Task<RotationHandoffState?> TrySaveAsync(RotationHandoffState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, WireNames.Of(state.Role))
        {
            ["OnDutyPersonId"] = state.OnDutyPersonId,
            ["TurnStart"] = state.TurnStart,
            ["OutgoingPersonId"] = state.OutgoingPersonId,
            ["Completed"] = state.Completed,
            ["ClaimedAt"] = state.ClaimedAt,
        };
        try
        {
            var response = state.ETag is null
                ? await StorageCalls.Run(() => _table.AddEntityAsync(entity, cancellationToken))
                : await StorageCalls.Run(() => _table.UpdateEntityAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken));
            return state with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    private static RotationHandoffState FromEntity(SupportRole role, TableEntity row) => new()
    {
        Role = role,
        OnDutyPersonId = row.GetString("OnDutyPersonId"),
        TurnStart = row.GetDateTimeOffset("TurnStart") ?? DateTimeOffset.MinValue,
        OutgoingPersonId = row.GetString("OutgoingPersonId"),
        Completed = row.GetBoolean("Completed") ?? false,
        ClaimedAt = row.GetDateTimeOffset("ClaimedAt"),
        ETag = row.ETag.ToString(),
    };
}
