using System.Text.Json;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Adapters.Storage;

/// <summary>
/// Known requesters by phone, from the tickets themselves: the newest ticket whose requester has
/// this phone and a name or address says who the caller is. Tables have no secondary index, so
/// this scans the ticket rows; it runs once per voicemail or answered call, never while a caller waits.
/// </summary>
public sealed class TableRequesterDirectory(TableServiceClient service) : IRequesterDirectory
{
    private static readonly string[] Columns = ["CreatedAt", "Doc"];

    private readonly TableClient _table = service.GetTableClient(TableNames.Tickets);

    public async Task<Requester?> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {TableTicketStore.TicketRow} and RequesterPhone eq {e164}");
        (DateTimeOffset CreatedAt, Requester Requester)? newest = null;
        await StorageCalls.Run(async () =>
        {
            newest = null;
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken))
            {
                var requester = JsonSerializer.Deserialize(row.GetString("Doc"), SupportJson.Default.TicketState)?.Requester;

                // A ticket from an earlier call knows only the number; it says nothing about who called.
                if (requester is null || (requester.Name is null && requester.Email is null))
                {
                    continue;
                }

                var createdAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;
                if (newest is null || createdAt > newest.Value.CreatedAt)
                {
                    newest = (createdAt, requester);
                }
            }
        });
        return newest?.Requester;
    }
}
