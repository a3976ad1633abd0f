using System.Globalization;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Which tickets each GitHub issue stands for, in the githublinks table: one partition per issue (so a webhook
/// delivery reads one partition), one row per ticket. Repository names may hold characters keys forbid, so the
/// partition is a hash of owner/name#number, lower-cased as GitHub compares them.
/// </summary>
public sealed class TableEngineeringLinks(TableServiceClient service) : IEngineeringLinks
{
    private readonly TableClient _table = service.GetTableClient(TableNames.GitHubLinks);

    public Task AddAsync(IssueLink link, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(link.Repository, link.Number), link.Reference)
        {
            ["Repository"] = link.Repository,
            ["Number"] = link.Number,
            ["Customer"] = link.Customer,
        };
        return StorageCalls.Run(() => _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    public Task<IReadOnlyList<IssueLink>> ForIssueAsync(string repository, int number, CancellationToken cancellationToken) =>
        StorageCalls.Run(async () =>
        {
            var partition = Partition(repository, number);
            var links = new List<IssueLink>();
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                links.Add(new IssueLink(row.GetString("Repository"), row.GetInt32("Number") ?? number, row.RowKey, row.GetString("Customer")));
            }

            return (IReadOnlyList<IssueLink>)links;
        });

    private static string Partition(string repository, int number) =>
        TableKeys.Hashed(repository.ToLowerInvariant() + "#" + number.ToString(CultureInfo.InvariantCulture)).Row;
}
