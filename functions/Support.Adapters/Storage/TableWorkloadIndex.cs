using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The workload index in one table partition, grouped by person: <c>{person}|l</c> holds their latest
/// assignment and <c>{person}|t|{reference}</c> marks each ticket active for them, so one person's rows
/// are one key range with the latest assignment first. A person's load is one range query that stops
/// after the count asked for, so reading an overloaded person costs no more than reading anyone else;
/// the people asked about are read together. A ticket's change is one entity-group transaction. A
/// support team's active tickets are few, well within one partition.
/// </summary>
public sealed class TableWorkloadIndex(TableServiceClient service) : IWorkloadIndex
{
    public const string Partition = "load";

    private const string LatestSuffix = "|l";
    private const string TicketInfix = "|t|";

    private readonly TableClient _table = service.GetTableClient(TableNames.Workload);

    public async Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        if (change.NoLongerActiveFor is { } former)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, TicketRow(former, change.Reference)), ETag.All));
        }

        if (change.ActiveFor is { } assignee)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, TicketRow(assignee, change.Reference))));
        }

        if (change.Assigned is { } assigned)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, PersonKey(assigned.PersonId) + LatestSuffix)
            {
                ["LastAssignedAt"] = assigned.At,
            }));
        }

        switch (actions.Count)
        {
            case 0:
                return;
            case 1:
                await RunAsync(actions[0], cancellationToken);
                return;
        }

        try
        {
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // The row to delete was gone already (it never counted, or this change was recorded
            // before); the transaction is all or nothing, so go one by one.
            foreach (var action in actions)
            {
                await RunAsync(action, cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue)
    {
        var people = personIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var loads = await Task.WhenAll(people.Select(id => LoadOfAsync(id, countUpTo, cancellationToken)));
        return people.Zip(loads).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<AssigneeLoad> LoadOfAsync(string personId, int countUpTo, CancellationToken cancellationToken)
    {
        var key = PersonKey(personId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {key + "|"} and RowKey lt {key + "}"}");

        // The latest-assignment row sorts first, then the tickets: one row more than the count is enough.
        var pageSize = (int)Math.Min(1000, (long)countUpTo + 1);
        var load = AssigneeLoad.Idle;
        await StorageCalls.Run(async () =>
        {
            load = AssigneeLoad.Idle;
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, select: ["RowKey", "LastAssignedAt"], cancellationToken: cancellationToken).AsPages())
            {
                foreach (var row in page.Values)
                {
                    load = row.RowKey.EndsWith(LatestSuffix, StringComparison.Ordinal)
                        ? load with { LastAssignedAt = row.GetDateTimeOffset("LastAssignedAt") }
                        : load with { ActiveTickets = load.ActiveTickets + 1 };
                }

                if (load.ActiveTickets >= countUpTo)
                {
                    break;
                }
            }
        });
        return load with { ActiveTickets = Math.Min(load.ActiveTickets, countUpTo) };
    }

    /// <remarks>Deleting a row that is not there succeeds: the client treats that 404 as done.</remarks>
    private Task RunAsync(TableTransactionAction action, CancellationToken cancellationToken) =>
        StorageCalls.Run(() => action.ActionType == TableTransactionActionType.Delete
            ? _table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken)
            : _table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, cancellationToken));

    private static string TicketRow(string personId, string reference) => PersonKey(personId) + TicketInfix + reference;

    /// <summary>
    /// Ids compare case-insensitively, so the key is lower-cased; an id with a character keys forbid, or
    /// with the separator, gets a hash instead (ids are a roster's few people, so a clash is not a concern).
    /// </summary>
    private static string PersonKey(string personId)
    {
        var id = personId.ToLowerInvariant();
        return id.Any(c => c is '/' or '\\' or '#' or '?' or '|' or '}' || char.IsControl(c)) ? TableKeys.Hashed(id).Row : id;
    }
}
