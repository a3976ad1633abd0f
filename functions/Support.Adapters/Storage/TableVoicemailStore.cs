using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Adapters.Storage;

/// <summary>
/// Voicemail state, one row per call (PK <c>voicemail</c>, RK the CallSid), the record stored as JSON. Beside
/// each record not yet settled, in the same partition, a marker row <c>pending|{CallSid}</c>, written and
/// deleted in the same transaction as the record, so the sweep reads the markers' key range, the voicemails
/// still to finish, and never the settled ones however many are kept. The token handed out as the record's
/// ETag carries whether the stored record has a marker, so a save knows whether it adds or deletes one.
/// </summary>
public sealed class TableVoicemailStore(TableServiceClient service) : IVoicemailStore
{
    public const string Partition = "voicemail";

    private const string MarkerPrefix = "pending|";
    private const char Marked = 'm';
    private const char Unmarked = 'n';

    private readonly TableClient _table = service.GetTableClient(TableNames.Voicemail);
    private int _unmarkedLookedFor;

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
        var wasMarked = record.ETag is [Marked, ..];
        var actions = new List<TableTransactionAction>
        {
            record.ETag is null
                ? new(TableTransactionActionType.Add, entity)
                : new(TableTransactionActionType.UpdateReplace, entity, new ETag(record.ETag[1..])),
        };
        if (!record.Settled && !wasMarked)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, Marker(record.CallSid)));
        }
        else if (record.Settled && wasMarked)
        {
            actions.Add(new(TableTransactionActionType.Delete, Marker(record.CallSid), ETag.All));
        }

        try
        {
            var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            return Token(response.Value[0].Headers.ETag, marked: !record.Settled);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex is null or 0
            && ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // 409: another callback inserted it first; 412: it changed since it was read. The caller reloads.
            return null;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 1 && ex.Status == (int)HttpStatusCode.NotFound)
        {
            // A record stored before markers were kept had none to delete.
            return await TrySaveAsync(record with { ETag = Unmarked + record.ETag![1..] }, cancellationToken);
        }
    }

    /// <summary>
    /// The records the markers name. The first call in a process also marks any unsettled record stored before
    /// markers were kept (one query of the whole partition, once per process).
    /// </summary>
    public async Task<IReadOnlyList<VoicemailRecord>> ListUnsettledAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _unmarkedLookedFor, 1) == 0)
        {
            await MarkUnmarkedAsync(cancellationToken);
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {MarkerPrefix} and RowKey lt {MarkerPrefix[..^1] + "}"}");
        var callSids = new List<string>();
        await StorageCalls.Run(async () =>
        {
            callSids.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                callSids.Add(row.RowKey[MarkerPrefix.Length..]);
            }
        });
        var records = await Task.WhenAll(callSids.Select(sid => GetAsync(sid, cancellationToken)));
        return [.. records.OfType<VoicemailRecord>().Where(r => !r.Settled)];
    }

    private async Task MarkUnmarkedAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Settled eq {false}");
        await StorageCalls.Run(async () =>
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                await _table.UpsertEntityAsync(Marker(row.RowKey), TableUpdateMode.Replace, cancellationToken);
            }
        });
    }

    private static TableEntity Marker(string callSid) => new(Partition, MarkerPrefix + callSid);

    private static string? Token(ETag? etag, bool marked) => etag is { } value ? (marked ? Marked : Unmarked) + value.ToString() : null;

    private static VoicemailRecord FromEntity(TableEntity row) =>
        (JsonSerializer.Deserialize(row.GetString("Doc"), VoiceJson.Default.VoicemailRecord)
            ?? throw new InvalidDataException($"Voicemail row {row.RowKey} holds no record."))
        with { ETag = Token(row.ETag, marked: row.GetBoolean("Settled") == false) };
}
