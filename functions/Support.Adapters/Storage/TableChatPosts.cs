using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The chatposts table: a ticket's stream message in its own partition (the ticket's reference, row <c>stream</c>)
/// beside the thread it came from (row <c>thread</c>); a shared-channel thread's ticket in a partition of its own
/// (<c>thread-{channel}</c>, row the thread's ts), so a customer's reply in the thread finds its ticket with one read.
/// </summary>
public sealed class TableChatPosts(TableServiceClient service) : IChatPosts
{
    private const string StreamRow = "stream";
    private const string ThreadRow = "thread";

    private readonly TableClient _table = service.GetTableClient(TableNames.ChatPosts);

    public async Task<ChatPostRecord?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(reference, StreamRow, cancellationToken: cancellationToken));
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new ChatPostRecord(reference, e.GetString("Channel"), e.GetString("Ts"), e.GetDateTimeOffset("ClaimedAt"),
            e.GetString("Told") is { Length: > 0 } told ? told.Split(',') : [], e.ETag.ToString());
    }

    public async Task<ChatPostRecord?> TrySaveAsync(ChatPostRecord record, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(record.Reference, StreamRow)
        {
            ["Channel"] = record.Channel,
            ["Ts"] = record.Ts,
            ["ClaimedAt"] = record.ClaimedAt,
            ["Told"] = string.Join(',', record.Told),
        };
        try
        {
            var response = await StorageCalls.Run(() => record.ETag is null
                ? _table.AddEntityAsync(entity, cancellationToken)
                : _table.UpdateEntityAsync(entity, new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken));
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<ChatThread?> FindThreadAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(ThreadPartition(channel), threadTs, cancellationToken: cancellationToken));
        return row.HasValue ? new ChatThread(channel, threadTs, row.Value!.GetString("Reference")) : null;
    }

    public async Task<ChatThread> AddThreadAsync(ChatThread thread, CancellationToken cancellationToken)
    {
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(new TableEntity(ThreadPartition(thread.Channel), thread.ThreadTs) { ["Reference"] = thread.Reference }, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindThreadAsync(thread.Channel, thread.ThreadTs, cancellationToken) ?? thread;
        }

        // The way back (a staff reply to its thread) is written after the way in, and the same each time.
        await StorageCalls.Run(() => _table.UpsertEntityAsync(
            new TableEntity(thread.Reference, ThreadRow) { ["Channel"] = thread.Channel, ["ThreadTs"] = thread.ThreadTs }, TableUpdateMode.Replace, cancellationToken));
        return thread;
    }

    public async Task<ChatThread?> ThreadOfAsync(string reference, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(reference, ThreadRow, cancellationToken: cancellationToken));
        return row.HasValue ? new ChatThread(row.Value!.GetString("Channel"), row.Value.GetString("ThreadTs"), reference) : null;
    }

    private static string ThreadPartition(string channel) => "thread-" + channel;
}
