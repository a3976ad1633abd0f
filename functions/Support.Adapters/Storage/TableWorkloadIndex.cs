using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The workload index in one table partition, grouped by person: <c>{person}|l</c> holds their count of
/// active tickets and latest assignment, and <c>{person}|t|{reference}</c> marks each ticket active for
/// them. A ticket's change is one entity-group transaction that adds or deletes its ticket rows and
/// moves the counts of the people they belong to, each count guarded by its row's ETag: the insert of a
/// ticket row that is there already, or the delete of one that is gone, fails the whole transaction, so
/// a change recorded twice counts once and the count always equals the ticket rows. Reading a person
/// is one query that stops after two rows, however many tickets they hold.
/// <para>
/// Each instance keeps the person rows it last read or wrote. A write starts from its copy (a stale
/// one fails on its ETag and is read again), so a person the instance assigned to last costs no read;
/// an answer to the assignment policy does too while it is under a minute old and under the count asked
/// for, and the cap the policy chose under is checked again against the stored count when recorded.
/// </para>
/// </summary>
public sealed class TableWorkloadIndex(TableServiceClient service) : IWorkloadIndex
{
    public const string Partition = "load";

    private const string LatestSuffix = "|l";
    private const string TicketInfix = "|t|";
    private const string ActiveColumn = "Active";
    private const string LastAssignedColumn = "LastAssignedAt";
    private const int MaxAttempts = 8;
    private const long AnswerFromCopyForMs = 60_000;

    private readonly TableClient _table = service.GetTableClient(TableNames.Workload);
    private readonly ConcurrentDictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writing = new(StringComparer.Ordinal);

    public async Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken)
    {
        var former = change.NoLongerActiveFor;
        var assignee = change.ActiveFor;
        if (former is not null && assignee is not null && PersonKey(former) == PersonKey(assignee))
        {
            // The same person in another case: their count keeps the ticket.
            (former, assignee) = (null, null);
        }

        // This instance's writes to a person's row go one at a time, so they never fail on each other's ETag
        // (a trigger runs several messages at once); only another instance's write can.
        var locks = new[] { former, assignee, change.Assigned?.PersonId }.OfType<string>().Select(PersonKey)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key => _writing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1))).ToList();
        var held = 0;
        try
        {
            foreach (var gate in locks)
            {
                await gate.WaitAsync(cancellationToken);
                held++;
            }

            await RecordHoldingAsync(change, former, assignee, cancellationToken);
        }
        finally
        {
            foreach (var gate in locks.Take(held))
            {
                gate.Release();
            }
        }
    }

    private async Task RecordHoldingAsync(WorkloadChange change, string? former, string? assignee, CancellationToken cancellationToken)
    {
        var stale = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var people = new[] { former, assignee, change.Assigned?.PersonId }.OfType<string>().Select(PersonKey).Distinct(StringComparer.Ordinal).ToList();
            if (people.Count == 0)
            {
                return;
            }

            var (rows, read) = await RowsAsync(people, stale, cancellationToken);
            stale.Clear();
            if (assignee is not null && change.Cap is { } cap && rows[PersonKey(assignee)].Active >= cap)
            {
                if (!read.Contains(PersonKey(assignee)))
                {
                    // The copy may be behind what another instance did since: only the stored count refuses.
                    stale.Add(PersonKey(assignee));
                    continue;
                }

                if (!await HoldsAsync(assignee, change.Reference, cancellationToken))
                {
                    throw new WorkloadCapReachedException(assignee, cap);
                }

                // Counted already: an earlier delivery of this change got as far as the index.
                assignee = null;
                continue;
            }

            var plan = Plan(change, former, assignee, rows);
            try
            {
                var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(plan.Actions, cancellationToken));
                Remember(plan, response.Value);
                return;
            }
            catch (TableTransactionFailedException ex) when (attempt < MaxAttempts)
            {
                var failed = ex.FailedTransactionActionIndex is { } index && index < plan.Steps.Count ? plan.Steps[index] : null;
                switch (failed)
                {
                    case { Kind: StepKind.Uncount } when ex.Status == (int)HttpStatusCode.NotFound:
                        former = null;
                        break;
                    case { Kind: StepKind.Count } when ex.Status == (int)HttpStatusCode.Conflict:
                        assignee = null;
                        break;
                    case { Kind: StepKind.Person }:
                        stale.Add(failed.PersonKey);
                        _seen.TryRemove(failed.PersonKey, out _);
                        await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * Random.Shared.Next(1, 4)), cancellationToken);
                        break;
                    default:
                        // Which action failed is not known: settle from storage what each part still has to do.
                        stale.UnionWith(people);
                        former = former is not null && await HoldsAsync(former, change.Reference, cancellationToken) ? former : null;
                        assignee = assignee is not null && !await HoldsAsync(assignee, change.Reference, cancellationToken) ? assignee : null;
                        break;
                }
            }
            catch (TableTransactionFailedException ex)
            {
                throw new StorageUnavailableException("The workload index is too busy to record the change now.", ex);
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue)
    {
        var people = personIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var now = Environment.TickCount64;
        var readNow = people.Select(PersonKey)
            .Where(key => !_seen.TryGetValue(key, out var seen) || now - seen.At > AnswerFromCopyForMs || seen.Row.Active >= countUpTo)
            .ToHashSet(StringComparer.Ordinal);
        var (rows, _) = await RowsAsync([.. people.Select(PersonKey)], readNow, cancellationToken);
        return people.ToDictionary(
            id => id,
            id => new AssigneeLoad(Math.Min(rows[PersonKey(id)].Active, countUpTo), rows[PersonKey(id)].LastAssignedAt),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The transaction for the parts of <paramref name="change"/> still to do: the ticket's rows, then each person's
    /// row with their new count and latest assignment, inserted when it was not there and otherwise replaced only at
    /// the ETag it was seen with.
    /// </summary>
    private static TransactionPlan Plan(WorkloadChange change, string? former, string? assignee, IReadOnlyDictionary<string, PersonRow> rows)
    {
        var steps = new List<Step>();
        var actions = new List<TableTransactionAction>();
        var after = new Dictionary<string, PersonRow>(StringComparer.Ordinal);
        PersonRow Current(string key) => after.GetValueOrDefault(key) ?? rows[key];

        if (former is not null)
        {
            var key = PersonKey(former);
            steps.Add(new Step(StepKind.Uncount, key));
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, TicketRow(key, change.Reference)), ETag.All));
            after[key] = Current(key) with { Active = Math.Max(0, Current(key).Active - 1) };
        }

        if (assignee is not null)
        {
            var key = PersonKey(assignee);
            steps.Add(new Step(StepKind.Count, key));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, TicketRow(key, change.Reference))));
            after[key] = Current(key) with { Active = Current(key).Active + 1 };
        }

        if (change.Assigned is { } assigned)
        {
            var key = PersonKey(assigned.PersonId);
            after[key] = Current(key) with { LastAssignedAt = assigned.At };
        }

        foreach (var (key, row) in after)
        {
            var entity = new TableEntity(Partition, key + LatestSuffix)
            {
                [ActiveColumn] = row.Active,
                [LastAssignedColumn] = row.LastAssignedAt,
            };
            steps.Add(new Step(StepKind.Person, key, row));
            actions.Add(rows[key].ETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, entity, etag)
                : new(TableTransactionActionType.Add, entity));
        }

        return new TransactionPlan(steps, actions);
    }

    private void Remember(TransactionPlan plan, IReadOnlyList<Response> responses)
    {
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (plan.Steps[i] is { Kind: StepKind.Person, After: { } row } step)
            {
                if (i < responses.Count && responses[i].Headers.ETag is { } etag)
                {
                    _seen[step.PersonKey] = new Seen(row with { ETag = etag }, Environment.TickCount64);
                }
                else
                {
                    _seen.TryRemove(step.PersonKey, out _);
                }
            }
        }
    }

    /// <summary>Each person's row: the copy this instance holds unless they are in <paramref name="readNow"/> or have none, otherwise read, in parallel.</summary>
    private async Task<(IReadOnlyDictionary<string, PersonRow> Rows, IReadOnlySet<string> Read)> RowsAsync(IReadOnlyList<string> personKeys, IReadOnlySet<string> readNow, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, PersonRow>(StringComparer.Ordinal);
        var toRead = new List<string>();
        foreach (var key in personKeys)
        {
            if (!readNow.Contains(key) && _seen.TryGetValue(key, out var seen))
            {
                rows[key] = seen.Row;
            }
            else
            {
                toRead.Add(key);
            }
        }

        var read = await Task.WhenAll(toRead.Select(key => ReadAsync(key, cancellationToken)));
        foreach (var (key, row) in toRead.Zip(read))
        {
            rows[key] = row;
            _seen[key] = new Seen(row, Environment.TickCount64);
        }

        return (rows, toRead.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The person's row and, in the same query, whether a ticket row follows it. A row without a count (one written
    /// before the count was kept) or a missing row with ticket rows after it gets its count from those rows, once.
    /// </summary>
    private async Task<PersonRow> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {key + "|"} and RowKey lt {key + "}"}");
        var first = await StorageCalls.Run(async () =>
        {
            // A page may come back empty with a continuation; the first page with rows answers.
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: 2, select: ["RowKey", ActiveColumn, LastAssignedColumn], cancellationToken: cancellationToken).AsPages())
            {
                if (page.Values.Count > 0)
                {
                    return page.Values;
                }
            }

            return (IReadOnlyList<TableEntity>)[];
        });

        var latest = first.FirstOrDefault(r => r.RowKey == key + LatestSuffix);
        if (latest?.GetInt32(ActiveColumn) is { } active)
        {
            return new PersonRow(active, latest.GetDateTimeOffset(LastAssignedColumn), latest.ETag);
        }

        var holdsAny = first.Any(r => r.RowKey.StartsWith(key + TicketInfix, StringComparison.Ordinal));
        var count = holdsAny ? await CountTicketRowsAsync(key, cancellationToken) : 0;
        return new PersonRow(count, latest?.GetDateTimeOffset(LastAssignedColumn), latest?.ETag);
    }

    private Task<int> CountTicketRowsAsync(string key, CancellationToken cancellationToken) =>
        StorageCalls.Run(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {key + TicketInfix} and RowKey lt {key + "|t}"}");
            var count = 0;
            await foreach (var _ in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                count++;
            }

            return count;
        });

    /// <summary>Whether the ticket counts for the person now (its row is there).</summary>
    private async Task<bool> HoldsAsync(string personId, string reference, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition, TicketRow(PersonKey(personId), reference), select: ["RowKey"], cancellationToken: cancellationToken));
        return row.HasValue;
    }

    private static string TicketRow(string personKey, string reference) => personKey + TicketInfix + reference;

    /// <summary>
    /// Ids compare case-insensitively, so the key is lower-cased; an id with a character keys forbid, or
    /// with the separator, gets a hash instead (ids are a roster's few people, so a clash is not a concern).
    /// </summary>
    private static string PersonKey(string personId)
    {
        var id = personId.ToLowerInvariant();
        return id.Any(c => c is '/' or '\\' or '#' or '?' or '|' or '}' || char.IsControl(c)) ? TableKeys.Hashed(id).Row : id;
    }

    /// <summary>A person's row as read or written: their count, latest assignment and ETag (null when there was no row).</summary>
    private sealed record PersonRow(int Active, DateTimeOffset? LastAssignedAt, ETag? ETag);

    private sealed record Seen(PersonRow Row, long At);

    private enum StepKind
    {
        Uncount,
        Count,
        Person,
    }

    private sealed record Step(StepKind Kind, string PersonKey, PersonRow? After = null);

    private sealed record TransactionPlan(IReadOnlyList<Step> Steps, List<TableTransactionAction> Actions);
}
