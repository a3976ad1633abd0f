using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Adapters.Storage;

/// <summary>
/// Voicemail state, one row per call (PK <c>voicemail</c>, RK the CallSid). The record is stored
/// as JSON; <c>Settled</c> is a column of its own so the sweep can ask for the unfinished ones
/// without reading every voicemail ever left.
/// </summary>
public sealed class TableVoicemailStore(TableServiceClient service) : IVoicemailStore
{
    public const string Partition = "voicemail";

    private readonly TableClient _table = service.GetTableClient(TableNames.Voicemail);

    public async Task<VoicemailRecord?> GetAsync(string callSid, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition, callSid, cancellationToken: cancellationToken));
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<string?> TrySaveAsync(VoicemailRecord record, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, record.CallSid)
        {
            ["Settled"] = record.Settled,
            ["FirstSeenAt"] = record.FirstSeenAt,
            ["Doc"] = JsonSerializer.Serialize(record, VoiceJson.Default.VoicemailRecord),
        };
        try
        {
            var response = record.ETag is null
                ? await StorageCalls.Run(() => _table.AddEntityAsync(entity, cancellationToken))
                : await StorageCalls.Run(() => _table.UpdateEntityAsync(entity, new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken));
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // 409: another callback inserted it first; 412: it changed since it was read. The caller reloads.
            return null;
        }
    }

    public async Task<IReadOnlyList<VoicemailRecord>> ListUnsettledAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Settled eq {false}");
        var records = new List<VoicemailRecord>();
        await StorageCalls.Run(async () =>
        {
            records.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                records.Add(FromEntity(row));
            }
        });
        return records;
    }

    private static VoicemailRecord FromEntity(TableEntity row) =>
        (JsonSerializer.Deserialize(row.GetString("Doc"), VoiceJson.Default.VoicemailRecord)
            ?? throw new InvalidDataException($"Voicemail row {row.RowKey} holds no record."))
        with { ETag = row.ETag.ToString() };
}
