using System.Globalization;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Triage corrections in their own table, one partition per month, rows ordered newest first
/// (inverted ticks), so "corrections since" reads a few partitions from the top.
/// </summary>
public sealed class TableCorrectionLog(TableServiceClient service, TimeProvider time) : ICorrectionLog
{
    private readonly TableClient _table = service.GetTableClient(TableNames.Corrections);

    public Task RecordAsync(TriageCorrection correction, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(correction.At), $"{DateTimeOffset.MaxValue.UtcTicks - correction.At.UtcTicks:D19}-{correction.Reference}-{correction.Field}")
        {
            ["Reference"] = correction.Reference,
            ["Field"] = correction.Field,
            ["From"] = correction.From,
            ["To"] = correction.To,
            ["By"] = correction.By,
            ["At"] = correction.At,
        };
        return StorageCalls.Run(() => _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    public async Task<IReadOnlyList<TriageCorrection>> ListAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var found = new List<TriageCorrection>();
        for (var month = FirstOfMonth(time.GetUtcNow()); month >= FirstOfMonth(since) && found.Count < max; month = month.AddMonths(-1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(month)} and At ge {since}");
            await StorageCalls.Run(async () =>
            {
                await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
                {
                    found.Add(new TriageCorrection(row.GetString("Reference"), row.GetString("Field"), row.GetString("From"), row.GetString("To"), row.GetString("By"), row.GetDateTimeOffset("At") ?? since));
                    if (found.Count >= max)
                    {
                        break;
                    }
                }
            });
        }

        return found;
    }

    private static string Partition(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateTimeOffset FirstOfMonth(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
}
