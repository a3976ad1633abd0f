using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Adapters.Storage;

/// <summary>
/// The roster as one JSON document in the config table. Every assignment reads it, so it is
/// cached briefly; a save through this instance refreshes the cache at once.
/// </summary>
public sealed class TableRosterStore(TableServiceClient service, TimeProvider time) : IRosterStore
{
    private const string Partition = "roster";
    private const string Row = "current";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    private readonly TableClient _table = service.GetTableClient(TableNames.Config);
    private (RosterDocument Roster, DateTimeOffset ReadAt)? _cached;

    public async Task<RosterDocument> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && time.GetUtcNow() - cached.ReadAt < CacheFor)
        {
            return cached.Roster;
        }

        var roster = (await GetForEditAsync(cancellationToken)).Roster;
        _cached = (roster, time.GetUtcNow());
        return roster;
    }

    public async Task<VersionedRoster> GetForEditAsync(CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken));
        return row.HasValue
            ? new VersionedRoster(JsonSerializer.Deserialize(row.Value!.GetString("Doc"), SupportJson.Default.RosterDocument) ?? new RosterDocument(), row.Value.ETag.ToString(), row.Value.GetString("SavedBy"))
            : new VersionedRoster(new RosterDocument(), null);
    }

    public async Task<RosterSave> SaveAsync(RosterDocument roster, string savedBy, string? ifMatch, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, Row) { ["Doc"] = JsonSerializer.Serialize(roster, SupportJson.Default.RosterDocument), ["SavedBy"] = savedBy };
        try
        {
            var response = await StorageCalls.Run(() => ifMatch is null
                ? _table.AddEntityAsync(entity, cancellationToken)
                : _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken));
            _cached = (roster, time.GetUtcNow());
            return RosterSave.Saved(new VersionedRoster(roster, response.Headers.ETag?.ToString(), savedBy));
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ifMatch is null)
        {
            return RosterSave.VersionRequired;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return RosterSave.Stale(await GetForEditAsync(cancellationToken));
        }
    }

    /// <summary>Stores <paramref name="roster"/> only when no roster exists yet (first run); true when it did.</summary>
    public async Task<bool> SeedAsync(RosterDocument roster, CancellationToken cancellationToken) =>
        (await SaveAsync(roster, Actors.System, ifMatch: null, cancellationToken)).Status == RosterSaveStatus.Saved;
}
