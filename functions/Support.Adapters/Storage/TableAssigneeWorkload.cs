using Azure.Data.Tables;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Workload from the ticket rows themselves, in one query: tickets waiting on us (New/Open) give
/// the active counts; those plus tickets assigned in the last weeks give each person's latest
/// assignment. Reading the rows the ticket store just wrote means a ticket saved a moment ago counts.
/// </summary>
public sealed class TableAssigneeWorkload(TableServiceClient service, TimeProvider time) : IAssigneeWorkload
{
    /// <summary>Round robin only compares recent assignments; older ones would not change who is next.</summary>
    private static readonly TimeSpan RoundRobinMemory = TimeSpan.FromDays(28);

    private readonly TableClient _table = service.GetTableClient(TableNames.Tickets);

    public async Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(personIds, StringComparer.OrdinalIgnoreCase);
        var since = time.GetUtcNow() - RoundRobinMemory;
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {TableTicketStore.TicketRow} and (Status eq {WireNames.Of(TicketStatus.New)} or Status eq {WireNames.Of(TicketStatus.Open)} or AssignedAt ge {since})");
        var loads = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
        await StorageCalls.Run(async () =>
        {
            loads.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Assignee", "Status", "AssignedAt"], cancellationToken: cancellationToken))
            {
                if (row.GetString("Assignee") is not { } assignee || !wanted.Contains(assignee))
                {
                    continue;
                }

                var load = loads.GetValueOrDefault(assignee, AssigneeLoad.Idle);
                var active = WireNames.TryParse(row.GetString("Status"), out TicketStatus status) && TicketStatusMachine.IsWaitingOnUs(status);
                var assignedAt = row.GetDateTimeOffset("AssignedAt");
                loads[assignee] = new AssigneeLoad(
                    load.ActiveTickets + (active ? 1 : 0),
                    assignedAt > load.LastAssignedAt || load.LastAssignedAt is null ? assignedAt : load.LastAssignedAt);
            }
        });
        return loads;
    }
}
