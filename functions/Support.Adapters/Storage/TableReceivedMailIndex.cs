using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>One row per Message-ID (keyed by its hash: Message-IDs may hold characters row keys forbid).</summary>
public sealed class TableReceivedMailIndex(TableServiceClient service) : IReceivedMailIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.MailIndex);

    public async Task<string?> FindTicketAsync(string messageId, CancellationToken cancellationToken)
    {
        var (partition, row) = TableKeys.Hashed(messageId);
        var entity = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken));
        return entity.HasValue && entity.Value!.GetString("MessageId") == messageId ? entity.Value.GetString("Reference") : null;
    }

    public async Task RememberAsync(string messageId, string reference, CancellationToken cancellationToken)
    {
        var (partition, row) = TableKeys.Hashed(messageId);
        var entity = new TableEntity(partition, row) { ["MessageId"] = messageId, ["Reference"] = reference };
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(entity, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Remembered by an earlier delivery; a Message-ID belongs to the ticket it first went to.
        }
    }
}
