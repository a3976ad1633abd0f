using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The workload index, one table partition per person (<c>p-{person}</c>), so one busy person's changes are never
/// another's partition limit: row <c>count</c> holds their count of active tickets and latest assignment, and
/// <c>t|{reference}</c> marks each ticket active for them. A change to a person is one entity-group transaction that
/// adds or deletes the ticket's row and replaces the count row under its ETag: the insert of a ticket row that is
/// there already, or the delete of one that is gone, fails the transaction, so a change recorded twice counts once and
/// the count always equals the ticket rows. A reassignment is two such transactions, the new owner's first, so a cap
/// refusal changes nothing; a redelivery after a crash between them finds the first done and does the second. Reading
/// a person is one point read, however many tickets they hold.
/// <para>
/// Each instance keeps the count rows it last read or wrote. A write starts from its copy (a stale one fails on its
/// ETag and is read again), so a person the instance assigned to last costs no read; so does an answer to the
/// assignment policy while the copy is under a minute old and under the count asked for, or a few seconds old and
/// at it. The cap the policy chose under is checked again against the stored count when recorded.
/// </para>
/// <para>
/// Before each person had a partition, everyone shared partition <see cref="SharedPartition"/>. An instance looks
/// there once; while rows are left, a person without a count row of their own has theirs moved on first read.
/// </para>
/// </summary>
public sealed class TableWorkloadIndex(TableServiceClient service) : IWorkloadIndex
{
    public const string SharedPartition = "load";

    private const string CountRow = "count";
    private const string TicketPrefix = "t|";
    private const string ActiveColumn = "Active";
    private const string LastAssignedColumn = "LastAssignedAt";
    private const int MaxAttempts = 8;
    private const int MaxTransactionActions = 100;
    private const long AnswerFromCopyForMs = 60_000;
    private const int SharedUnknown = 0;
    private const int SharedEmpty = 1;
    private const int SharedHasRows = 2;

    // A person at their cap stays there until one of their tickets waits on the customer or is solved, which staff do
    // at human pace; without this, every ticket of their role would read their row while they are at it.
    private const long AnswerAtCapFromCopyForMs = 10_000;

    private readonly TableClient _table = service.GetTableClient(TableNames.Workload);
    private readonly ConcurrentDictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _nothingShared = new(StringComparer.Ordinal);
    private int _shared = SharedUnknown;

    public static string PartitionOf(string personId) => PartitionFor(PersonKey(personId));

    public static string TicketRowKey(string reference) => TicketPrefix + reference;

    public async Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken)
    {
        var former = change.NoLongerActiveFor;
        var assignee = change.ActiveFor;
        if (former is not null && assignee is not null && PersonKey(former) == PersonKey(assignee))
        {
            // The same person in another case: their count keeps the ticket.
            (former, assignee) = (null, null);
        }

        var assignedAt = change.Assigned is { } assigned ? (Key: PersonKey(assigned.PersonId), assigned.At) : default;
        DateTimeOffset? AssignedAtFor(string key) => assignedAt.Key == key ? assignedAt.At : null;

        // The new owner first: a cap refusal must leave the former owner's count as it was.
        if (assignee is not null)
        {
            await ChangeAsync(assignee, change.Reference, TicketRowChange.Add, AssignedAtFor(PersonKey(assignee)), change.Cap, cancellationToken);
        }

        if (former is not null)
        {
            await ChangeAsync(former, change.Reference, TicketRowChange.Delete, AssignedAtFor(PersonKey(former)), null, cancellationToken);
        }

        if (change.Assigned is { } onlyAssigned && new[] { former, assignee }.OfType<string>().All(p => PersonKey(p) != assignedAt.Key))
        {
            await ChangeAsync(onlyAssigned.PersonId, change.Reference, TicketRowChange.None, onlyAssigned.At, null, cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue)
    {
        var people = personIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var now = Environment.TickCount64;
        var rows = await Task.WhenAll(people.Select(async id =>
        {
            var key = PersonKey(id);
            var copyGood = _seen.TryGetValue(key, out var seen)
                && now - seen.At <= (seen.Row.Active >= countUpTo ? AnswerAtCapFromCopyForMs : AnswerFromCopyForMs);
            return copyGood ? seen!.Row : await ReadAsync(key, cancellationToken);
        }));
        return people.Zip(rows).ToDictionary(
            p => p.First,
            p => new AssigneeLoad(Math.Min(p.Second.Active, countUpTo), p.Second.LastAssignedAt),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Adds or deletes the ticket's row for one person and moves their count (and latest assignment) with it, one
    /// transaction under the count row's ETag, one write at a time per person on this instance (a trigger runs several
    /// messages at once), so only another instance's write can make the ETag stale.
    /// </summary>
    private async Task ChangeAsync(string personId, string reference, TicketRowChange ticketRow, DateTimeOffset? assignedAt, int? cap, CancellationToken cancellationToken)
    {
        var key = PersonKey(personId);
        var gate = _writing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var readNow = false;
            for (var attempt = 1; ; attempt++)
            {
                Seen? seen = null;
                var fromCopy = !readNow && _seen.TryGetValue(key, out seen);
                var row = fromCopy ? seen!.Row : await ReadAsync(key, cancellationToken);
                readNow = false;
                if (ticketRow == TicketRowChange.Add && cap is { } limit && row.Active >= limit)
                {
                    if (fromCopy)
                    {
                        // The copy may be behind what another instance did since: only the stored count refuses.
                        readNow = true;
                        continue;
                    }

                    if (!await HoldsAsync(key, reference, cancellationToken))
                    {
                        throw new WorkloadCapReachedException(personId, limit);
                    }

                    // Counted already: an earlier delivery of this change got as far as the index.
                    ticketRow = TicketRowChange.None;
                }

                if (ticketRow == TicketRowChange.None && assignedAt is null)
                {
                    return;
                }

                var after = row with
                {
                    Active = ticketRow switch
                    {
                        TicketRowChange.Add => row.Active + 1,
                        TicketRowChange.Delete => Math.Max(0, row.Active - 1),
                        _ => row.Active,
                    },
                    LastAssignedAt = assignedAt ?? row.LastAssignedAt,
                };
                var actions = new List<TableTransactionAction>();
                if (ticketRow == TicketRowChange.Add)
                {
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(PartitionFor(key), TicketRowKey(reference))));
                }
                else if (ticketRow == TicketRowChange.Delete)
                {
                    actions.Add(new(TableTransactionActionType.Delete, new TableEntity(PartitionFor(key), TicketRowKey(reference)), ETag.All));
                }

                var countEntity = CountEntity(key, after);
                actions.Add(row.ETag is { } etag
                    ? new(TableTransactionActionType.UpdateReplace, countEntity, etag)
                    : new(TableTransactionActionType.Add, countEntity));

                try
                {
                    var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
                    if (response.Value.Count == actions.Count && response.Value[^1].Headers.ETag is { } written)
                    {
                        _seen[key] = new Seen(after with { ETag = written }, Environment.TickCount64);
                    }
                    else
                    {
                        _seen.TryRemove(key, out _);
                    }

                    return;
                }
                catch (TableTransactionFailedException ex) when (attempt < MaxAttempts)
                {
                    _seen.TryRemove(key, out _);
                    readNow = true;
                    var countIndex = actions.Count - 1;
                    if (ex.FailedTransactionActionIndex == 0 && countIndex == 1)
                    {
                        // The ticket's row is there already (added) or gone already (deleted): done before, by an
                        // earlier delivery; what is left is the latest assignment, if any.
                        ticketRow = TicketRowChange.None;
                    }
                    else if (ex.FailedTransactionActionIndex != countIndex)
                    {
                        // Which action failed is not known: settle from storage what the ticket's row still needs.
                        ticketRow = ticketRow switch
                        {
                            TicketRowChange.Add when await HoldsAsync(key, reference, cancellationToken) => TicketRowChange.None,
                            TicketRowChange.Delete when !await HoldsAsync(key, reference, cancellationToken) => TicketRowChange.None,
                            _ => ticketRow,
                        };
                    }
                    else
                    {
                        // Another instance moved the count first.
                        await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * Random.Shared.Next(1, 4)), cancellationToken);
                    }
                }
                catch (TableTransactionFailedException ex)
                {
                    throw new StorageUnavailableException("The workload index is too busy to record the change now.", ex);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The person's count row (a point read); a person without one may still have rows in the shared partition.</summary>
    private async Task<PersonRow> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var row = await ReadCountRowAsync(key, cancellationToken) ?? await MoveFromSharedPartitionAsync(key, cancellationToken);
        _seen[key] = new Seen(row, Environment.TickCount64);
        return row;
    }

    private async Task<PersonRow?> ReadCountRowAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(key), CountRow, select: [ActiveColumn, LastAssignedColumn], cancellationToken: cancellationToken));
        return stored.HasValue ? new PersonRow(stored.Value!.GetInt32(ActiveColumn) ?? 0, stored.Value.GetDateTimeOffset(LastAssignedColumn), stored.Value.ETag) : null;
    }

    /// <summary>
    /// Moves a person's rows from the partition everyone shared into their own: their ticket rows first, then their
    /// count row, counted from those rows (rows from before counts were kept have none), inserted only if no other
    /// instance moved them first; then the shared rows are deleted. Nothing there (the usual case once moved) costs one
    /// query per instance.
    /// </summary>
    private async Task<PersonRow> MoveFromSharedPartitionAsync(string key, CancellationToken cancellationToken)
    {
        var none = new PersonRow(0, null, null);
        if (_nothingShared.ContainsKey(key) || Volatile.Read(ref _shared) == SharedEmpty)
        {
            return none;
        }

        // Nothing of theirs there now, just looked: another instance may have moved them since their row was read.
        if (!await SharedPartitionHasRowsAsync(cancellationToken))
        {
            return await ReadCountRowAsync(key, cancellationToken) ?? none;
        }

        var shared = await StorageCalls.Run(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SharedPartition} and RowKey ge {key + "|"} and RowKey lt {key + "}"}");
            var rows = new List<TableEntity>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", LastAssignedColumn], cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }

            return rows;
        });
        if (shared.Count == 0)
        {
            _nothingShared[key] = true;
            return await ReadCountRowAsync(key, cancellationToken) ?? none;
        }

        var partition = PartitionFor(key);
        var tickets = shared.Where(r => r.RowKey.StartsWith(key + "|t|", StringComparison.Ordinal)).Select(r => r.RowKey[(key.Length + 3)..]).ToList();
        foreach (var chunk in tickets.Chunk(MaxTransactionActions))
        {
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(
                chunk.Select(reference => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, TicketRowKey(reference)))),
                cancellationToken));
        }

        var moved = new PersonRow(tickets.Count, shared.Find(r => r.RowKey == key + "|l")?.GetDateTimeOffset(LastAssignedColumn), null);
        try
        {
            var added = await StorageCalls.Run(() => _table.AddEntityAsync(CountEntity(key, moved), cancellationToken));
            moved = moved with { ETag = added.Headers.ETag };
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Another instance moved them first, and may have counted since: theirs is the row.
            return await ReadCountRowAsync(key, cancellationToken) ?? none;
        }

        foreach (var chunk in shared.Chunk(MaxTransactionActions))
        {
            try
            {
                await StorageCalls.Run(() => _table.SubmitTransactionAsync(
                    chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(SharedPartition, r.RowKey), ETag.All)),
                    cancellationToken));
            }
            catch (TableTransactionFailedException)
            {
                // Left behind, they are never read again: the person's own count row answers first from now on.
            }
        }

        return moved;
    }

    private async Task<bool> SharedPartitionHasRowsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _shared) is var known and not SharedUnknown)
        {
            return known == SharedHasRows;
        }

        var any = await StorageCalls.Run(async () =>
        {
            await foreach (var page in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SharedPartition}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
            {
                if (page.Values.Count > 0)
                {
                    return true;
                }
            }

            return false;
        });
        Volatile.Write(ref _shared, any ? SharedHasRows : SharedEmpty);
        return any;
    }

    private static string PartitionFor(string key) => "p-" + key;

    private static TableEntity CountEntity(string key, PersonRow row) => new(PartitionFor(key), CountRow)
    {
        [ActiveColumn] = row.Active,
        [LastAssignedColumn] = row.LastAssignedAt,
    };

    /// <summary>Whether the ticket counts for the person now (its row is there).</summary>
    private async Task<bool> HoldsAsync(string key, string reference, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(key), TicketRowKey(reference), select: ["RowKey"], cancellationToken: cancellationToken));
        return row.HasValue;
    }

    /// <summary>
    /// Ids compare case-insensitively, so the key is lower-cased; an id with a character keys forbid, or
    /// with the separator, gets a hash instead (ids are a roster's few people, so a clash is not a concern).
    /// </summary>
    private static string PersonKey(string personId)
    {
        var id = personId.ToLowerInvariant();
        return id.Any(c => c is '/' or '\\' or '#' or '?' or '|' or '}' || char.IsControl(c)) ? TableKeys.Hashed(id).Row : id;
    }

    /// <summary>A person's count row as read or written: their count, latest assignment and ETag (null when there was no row).</summary>
    private sealed record PersonRow(int Active, DateTimeOffset? LastAssignedAt, ETag? ETag);

    private sealed record Seen(PersonRow Row, long At);

    private enum TicketRowChange
    {
        None,
        Add,
        Delete,
    }
}
