using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Contact links in the contacts table, one row per direction so each key's links are one partition
/// read. Keys are hashed (an address may hold characters table keys forbid, and is personal data);
/// the row keeps the other key in the clear, because staff see it.
/// </summary>
public sealed class TableContactLinks(TableServiceClient service) : IContactLinks
{
    private readonly TableClient _table = service.GetTableClient(TableNames.Contacts);

    public async Task<IReadOnlyList<ContactLink>> ForAsync(string key, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Hashed(key).Row;
        return await StorageCalls.Run(async () =>
        {
            var links = new List<ContactLink>();
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                links.Add(new ContactLink(key, row.GetString("Other"), row.GetBoolean("Linked") ?? false, row.GetString("By"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            }

            return (IReadOnlyList<ContactLink>)links;
        });
    }

    public async Task SetAsync(ContactLink link, CancellationToken cancellationToken)
    {
        foreach (var (key, other) in new[] { (link.Key, link.Other), (link.Other, link.Key) })
        {
            var entity = new TableEntity(TableKeys.Hashed(key).Row, TableKeys.Hashed(other).Row)
            {
                ["Other"] = other,
                ["Linked"] = link.Linked,
                ["By"] = link.By,
                ["At"] = link.At,
            };
            await StorageCalls.Run(() => _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
        }
    }
}
