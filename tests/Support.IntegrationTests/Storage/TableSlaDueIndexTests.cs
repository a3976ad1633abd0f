using System.Globalization;
using Azure.Data.Tables;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Xunit;

namespace Support.IntegrationTests.Storage;

/// <summary>
/// The SLA due index on Azurite, spread over partitions. It shares its table with the host the other tests drive,
/// whose sweep takes what is due now, so these entries are due in 2090 and every test looks only at its own tickets.
/// </summary>
public sealed class TableSlaDueIndexTests(AzuriteFixture env) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2090, 3, 9, 9, 0, 0, TimeSpan.Zero);

    private readonly TableServiceClient _service = new(env.ConnectionString);

    private TableSlaDueIndex Index => new(_service);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await _service.CreateTableIfNotExistsAsync(TableNames.SlaDue, Cancel);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Many_tickets_entries_spread_over_partitions_each_tickets_in_one_and_come_back_due_oldest_first()
    {
        var references = Enumerable.Range(0, 40).Select(_ => TicketReference.Derive("due-test:" + Guid.NewGuid().ToString("N"), 0)).ToList();
        var entries = references.SelectMany((r, i) => new[]
        {
            new SlaDueEntry(At.AddMinutes(i), r, "firstResponse", SlaAction.Warn75),
            new SlaDueEntry(At.AddMinutes(i).AddSeconds(30), r, "firstResponse", SlaAction.Breach),
        }).ToList();
        foreach (var ticket in entries.GroupBy(e => e.Reference))
        {
            await Index.AddAsync([.. ticket], Cancel);
        }

        var due = Mine(await Index.DueAsync(At.AddMinutes(20), 100_000, Cancel), references);

        Assert.Equal(entries.Where(e => e.At <= At.AddMinutes(20)).Select(e => (e.At, e.Reference, e.Action)), due.Select(e => (e.At, e.Reference, e.Action)));
        var partitions = await PartitionsOfAsync(references);
        Assert.All(references, r => Assert.Single(partitions[r]));
        Assert.True(partitions.Values.Select(p => p.Single()).Distinct().Count() > 4, "the tickets' entries share a few partitions only");

        await Index.RemoveAsync(due, Cancel);
        Assert.Equal(entries.Where(e => e.At > At.AddMinutes(20)).Select(e => e.At), Mine(await Index.DueAsync(At.AddHours(2), 100_000, Cancel), references).Select(e => e.At));
    }

    [Fact]
    public async Task An_entry_written_before_the_spread_is_still_found_and_moves_to_its_tickets_partition()
    {
        var reference = TicketReference.Derive("due-test:" + Guid.NewGuid().ToString("N"), 0);
        var old = new SlaDueEntry(At, reference, "resolution", SlaAction.Warn15);
        var table = _service.GetTableClient(TableNames.SlaDue);
        await table.AddEntityAsync(
            new TableEntity(TableSlaDueIndex.Unsharded, $"{At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{reference}|resolution|Warn15")
            {
                ["Reference"] = reference,
                ["Target"] = "resolution",
                ["Action"] = "Warn15",
                ["At"] = At,
            },
            Cancel);

        Assert.Equal([old], Mine(await Index.DueAsync(At, 100_000, Cancel), [reference]));
        var partitions = await PartitionsOfAsync([reference]);
        Assert.NotEqual(TableSlaDueIndex.Unsharded, Assert.Single(partitions[reference]));

        await Index.RemoveAsync([old], Cancel);
        Assert.Empty(Mine(await Index.DueAsync(At, 100_000, Cancel), [reference]));
    }

    private static List<SlaDueEntry> Mine(IEnumerable<SlaDueEntry> due, IReadOnlyCollection<string> references) =>
        [.. due.Where(e => references.Contains(e.Reference))];

    private async Task<Dictionary<string, List<string>>> PartitionsOfAsync(IReadOnlyCollection<string> references)
    {
        var found = references.ToDictionary(r => r, _ => new List<string>(), StringComparer.Ordinal);
        await foreach (var row in _service.GetTableClient(TableNames.SlaDue).QueryAsync<TableEntity>(select: ["PartitionKey", "Reference"], cancellationToken: Cancel))
        {
            if (row.GetString("Reference") is { } reference && found.TryGetValue(reference, out var partitions) && !partitions.Contains(row.PartitionKey))
            {
                partitions.Add(row.PartitionKey);
            }
        }

        return found;
    }
}
