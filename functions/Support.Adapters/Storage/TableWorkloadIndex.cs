using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The workload index in one table partition: a row per ticket active for someone
/// (<c>t|reference</c>, with its assignee) and a row per person with their latest assignment
/// (<c>p|id</c>). The partition holds only active tickets and people, so the workload is one small
/// query however many tickets the tickets table holds, and a ticket's change is one entity-group
/// transaction. A support team's active tickets are few, well within one partition.
/// </summary>
public sealed class TableWorkloadIndex(TableServiceClient service) : IWorkloadIndex
{
    public const string Partition = "load";

    private const string TicketPrefix = "t|";
    private const string PersonPrefix = "p|";

    private readonly TableClient _table = service.GetTableClient(TableNames.Workload);

    public async Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken)
    {
        var ticketRow = TicketPrefix + change.Reference;
        List<TableTransactionAction> actions = change.ActiveFor is { } assignee
            ? [new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, ticketRow) { ["Assignee"] = assignee })]
            : [new(TableTransactionActionType.Delete, new TableEntity(Partition, ticketRow), ETag.All)];
        if (change.Assigned is { } assigned)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, PersonRow(assigned.PersonId))
            {
                ["Person"] = assigned.PersonId,
                ["LastAssignedAt"] = assigned.At,
            }));
        }

        if (actions.Count == 1)
        {
            await RunAsync(actions[0], cancellationToken);
            return;
        }

        try
        {
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // The ticket's row was gone already (it never counted, or this change was recorded
            // before); the transaction is all or nothing, so go one by one.
            foreach (var action in actions)
            {
                await RunAsync(action, cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(personIds, StringComparer.OrdinalIgnoreCase);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        var loads = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
        await StorageCalls.Run(async () =>
        {
            loads.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Assignee", "Person", "LastAssignedAt"], cancellationToken: cancellationToken))
            {
                if (row.RowKey.StartsWith(TicketPrefix, StringComparison.Ordinal) && row.GetString("Assignee") is { } assignee && wanted.Contains(assignee))
                {
                    var load = loads.GetValueOrDefault(assignee, AssigneeLoad.Idle);
                    loads[assignee] = load with { ActiveTickets = load.ActiveTickets + 1 };
                }
                else if (row.RowKey.StartsWith(PersonPrefix, StringComparison.Ordinal) && row.GetString("Person") is { } person && wanted.Contains(person))
                {
                    loads[person] = loads.GetValueOrDefault(person, AssigneeLoad.Idle) with { LastAssignedAt = row.GetDateTimeOffset("LastAssignedAt") };
                }
            }
        });
        return loads;
    }

    /// <remarks>Deleting a row that is not there succeeds: the client treats that 404 as done.</remarks>
    private Task RunAsync(TableTransactionAction action, CancellationToken cancellationToken) =>
        StorageCalls.Run(() => action.ActionType == TableTransactionActionType.Delete
            ? _table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken)
            : _table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, cancellationToken));

    /// <summary>
    /// Ids compare case-insensitively, so the key is lower-cased; an id with a character keys forbid
    /// gets a hash instead (the row's Person property keeps the id itself).
    /// </summary>
    private static string PersonRow(string personId)
    {
        var id = personId.ToLowerInvariant();
        return PersonPrefix + (id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)) ? TableKeys.Hashed(id).Row : id);
    }
}
