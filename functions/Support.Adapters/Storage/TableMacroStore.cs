using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Ports;
using Support.Core.Replies;

namespace Support.Adapters.Storage;

/// <summary>The canned replies as one JSON document in the config table, beside the roster.</summary>
public sealed class TableMacroStore(TableServiceClient service) : IMacroStore
{
    private const string Partition = "macros";
    private const string Row = "current";

    private readonly TableClient _table = service.GetTableClient(TableNames.Config);

    public async Task<VersionedMacros> GetAsync(CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken));
        return row.HasValue
            ? new VersionedMacros(JsonSerializer.Deserialize(row.Value!.GetString("Doc"), SupportJson.Default.MacroDocument) ?? new MacroDocument(), row.Value.ETag.ToString(), row.Value.GetString("SavedBy"))
            : new VersionedMacros(new MacroDocument(), null);
    }

    public async Task<MacroSave> SaveAsync(MacroDocument document, string savedBy, string? ifMatch, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, Row) { ["Doc"] = JsonSerializer.Serialize(document, SupportJson.Default.MacroDocument), ["SavedBy"] = savedBy };
        try
        {
            var response = await StorageCalls.Run(() => ifMatch is null
                ? _table.AddEntityAsync(entity, cancellationToken)
                : _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken));
            return new MacroSave(true, new VersionedMacros(document, response.Headers.ETag?.ToString(), savedBy));
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return new MacroSave(false, await GetAsync(cancellationToken));
        }
    }
}
