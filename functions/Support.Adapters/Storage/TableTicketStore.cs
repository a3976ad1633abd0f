using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Adapters.Storage;

/// <summary>
/// Tickets in Azure Table Storage. One partition per ticket (the reference): the inquiry row,
/// the ticket row and one row per timeline event; before the ticket is opened, the customer
/// messages held for it and their gate row. The ticket row and its new events are written
/// in one entity-group transaction guarded by the ticket row's ETag, so a save is atomic and
/// never overwrites someone else's change.
/// </summary>
public sealed class TableTicketStore(TableServiceClient service) : ITicketStore
{
    public const string InquiryRow = "inquiry";
    public const string TicketRow = "ticket";
    private const string EventPrefix = "evt-";
    private const string HeldGateRow = "held";
    private const string HeldPrefix = "held-";

    // A create that keeps losing to new holds (a flood of follow-ups for one inquiry) gives up and is redelivered.
    private const int MaxHeldAttempts = 5;

    // Table Storage caps string properties at 64 KiB (32K UTF-16 chars); bodies longer than this live in blobs.
    private const int MaxDetailLength = 8_000;

    private readonly TableClient _table = service.GetTableClient(TableNames.Tickets);

    public async Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(inquiry.Reference, InquiryRow)
        {
            ["SourceId"] = inquiry.SourceId,
            ["Doc"] = JsonSerializer.Serialize(inquiry, SupportJson.Default.Inquiry),
        };
        try
        {
            await StorageCalls.Run(() => _table.AddEntityAsync(entity, cancellationToken));
            return InquiryStoreOutcome.Stored;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var existing = await GetInquiryAsync(inquiry.Reference, cancellationToken)
                ?? throw new StorageUnavailableException($"Inquiry {inquiry.Reference} vanished while being read.");
            return string.Equals(existing.SourceId, inquiry.SourceId, StringComparison.Ordinal)
                ? InquiryStoreOutcome.DuplicateOf(existing)
                : InquiryStoreOutcome.Clash;
        }
    }

    public async Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken)
    {
        var response = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(reference, InquiryRow, cancellationToken: cancellationToken));
        return response.HasValue
            ? JsonSerializer.Deserialize(response.Value!.GetString("Doc"), SupportJson.Default.Inquiry)
            : null;
    }

    public async Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken) =>
        await StorageCalls.Run(() => _table.DeleteEntityAsync(reference, InquiryRow, ETag.All, cancellationToken));

    public async Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken) =>
        (await LoadAsync(reference, cancellationToken))?.Ticket;

    public async Task<StoredTicket?> LoadAsync(string reference, CancellationToken cancellationToken) =>
        (await ReadAsync(reference, cancellationToken)).ToTicket();

    public async Task<TicketLookup> LookUpAsync(string reference, CancellationToken cancellationToken)
    {
        var partition = await ReadAsync(reference, cancellationToken);
        return partition.ToTicket() is { } ticket
            ? new TicketLookup(reference, ticket, partition.ToInquiry())
            : new TicketLookup(reference, null, partition.ToInquiry(), partition.HeldGate?.ETag.ToString());
    }

    public async Task<bool> HoldCustomerMessageAsync(TicketLookup lookup, string key, TimelineEvent message, CancellationToken cancellationToken)
    {
        var (_, row) = TableKeys.Hashed(key);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity(lookup.Reference, HeldPrefix + row)
            {
                ["Doc"] = JsonSerializer.Serialize(Bounded(message), SupportJson.Default.TimelineEvent),
            }),
            Gate(lookup.Reference, lookup.HeldVersion, opened: false),
        ];
        try
        {
            await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // The ticket was opened (its create claims the gate) or another message was held since the look-up.
            return false;
        }
    }

    public async Task<TicketCreation> CreateAsync(StoredTicket ticket, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        string? heldVersion = null;
        var heldRows = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(ticket)) };
            actions.AddRange(NewEventRows(ticket).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            if (whileInquiryStored)
            {
                // The inquiry row shares the ticket's partition: touching it in the same transaction makes the
                // create fail (404) when intake withdrew it, at no extra round-trip.
                actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(ticket.Reference, InquiryRow) { ["TicketCreated"] = true }, ETag.All));

                // Claiming the held-messages gate fails when a follow-up was held first: only then is there anything to read.
                actions.Add(Gate(ticket.Reference, heldVersion, opened: true));
                actions.AddRange(heldRows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ticket.Reference, r), ETag.All)));
            }

            try
            {
                var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
                ticket.MarkPersisted(response.Value[0].Headers.ETag?.ToString() ?? string.Empty);
                return TicketCreation.Created;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                if (!whileInquiryStored || ex.FailedTransactionActionIndex == 0)
                {
                    return TicketCreation.Exists;
                }

                var partition = await ReadAsync(ticket.Reference, cancellationToken);
                if (partition.TicketEntity is not null)
                {
                    return TicketCreation.Exists;
                }

                if (partition.InquiryEntity is null)
                {
                    return TicketCreation.InquiryWithdrawn;
                }

                if (attempt == MaxHeldAttempts)
                {
                    throw new ConcurrencyConflictException(ticket.Reference);
                }

                // Rows absorbed on an earlier attempt are on the ticket in hand already (a message without a Message-ID has nothing else to tell it by).
                ticket.AbsorbHeldMessages(partition.Held
                    .Where(r => heldRows.Add(r.RowKey))
                    .Select(r => JsonSerializer.Deserialize(r.GetString("Doc"), SupportJson.Default.TimelineEvent)!));
                heldVersion = partition.HeldGate?.ETag.ToString();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound && whileInquiryStored)
            {
                return TicketCreation.InquiryWithdrawn;
            }
        }
    }

    /// <summary>
    /// The row that orders holding follow-ups against opening the ticket: a hold adds it (or changes the version it read),
    /// and so does the create, so whichever comes second fails and reads again.
    /// </summary>
    private static TableTransactionAction Gate(string reference, string? version, bool opened)
    {
        var entity = new TableEntity(reference, HeldGateRow) { ["Opened"] = opened };
        return version is null
            ? new(TableTransactionActionType.Add, entity)
            : new(TableTransactionActionType.UpdateMerge, entity, new ETag(version));
    }

    private async Task<Partition> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        var partition = new Partition();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {reference}");
        await StorageCalls.Run(async () =>
        {
            partition = new Partition();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                partition.Add(row);
            }
        });
        return partition;
    }

    /// <summary>The rows of one ticket's partition, by kind.</summary>
    private sealed class Partition
    {
        public TableEntity? TicketEntity { get; private set; }

        public TableEntity? InquiryEntity { get; private set; }

        public TableEntity? HeldGate { get; private set; }

        public List<TimelineEvent> Events { get; } = [];

        public List<TableEntity> Held { get; } = [];

        public void Add(TableEntity row)
        {
            switch (row.RowKey)
            {
                case TicketRow:
                    TicketEntity = row;
                    break;
                case InquiryRow:
                    InquiryEntity = row;
                    break;
                case HeldGateRow:
                    HeldGate = row;
                    break;
                case var key when key.StartsWith(EventPrefix, StringComparison.Ordinal):
                    Events.Add(JsonSerializer.Deserialize(row.GetString("Doc"), SupportJson.Default.TimelineEvent)!);
                    break;
                case var key when key.StartsWith(HeldPrefix, StringComparison.Ordinal):
                    Held.Add(row);
                    break;
            }
        }

        public StoredTicket? ToTicket() => TicketEntity is null
            ? null
            : StoredTicket.Restore(JsonSerializer.Deserialize(TicketEntity.GetString("Doc"), SupportJson.Default.TicketState)!, Events, TicketEntity.ETag.ToString());

        public Inquiry? ToInquiry() => InquiryEntity is null ? null : JsonSerializer.Deserialize(InquiryEntity.GetString("Doc"), SupportJson.Default.Inquiry);
    }

    public async Task SaveAsync(StoredTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.ETag is null)
        {
            throw new InvalidOperationException($"Ticket {ticket.Reference} was never stored; create it first.");
        }

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(ticket), new ETag(ticket.ETag)),
        };
        actions.AddRange(NewEventRows(ticket).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        try
        {
            var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            ticket.MarkPersisted(response.Value[0].Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
        {
            // 412: the ticket row changed; 409: another writer added the same event number first.
            throw new ConcurrencyConflictException(ticket.Reference);
        }
    }

    public async Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder(TableClient.CreateQueryFilter($"RowKey eq {TicketRow}"));
        void And(FormattableString condition) => filter.Append(" and ").Append(TableClient.CreateQueryFilter(condition));

        if (query.Channel is { } channel) And($"Channel eq {WireNames.Of(channel)}");
        if (query.Status is { } status) And($"Status eq {WireNames.Of(status)}");
        if (query.Category is { } category) And($"Category eq {WireNames.Of(category)}");
        if (query.Severity is { } severity) And($"Severity eq {WireNames.Of(severity)}");
        if (query.Assignee is { } assignee) And($"Assignee eq {assignee}");
        if (query.SlaDueBefore is { } dueBefore) And($"NextSlaDue le {dueBefore}");
        if (query.Organisation is { } organisation) And($"Organisation eq {organisation}");
        if (!string.IsNullOrWhiteSpace(query.Requester))
        {
            var requester = query.Requester.Trim();
            if (requester.StartsWith('+'))
            {
                And($"RequesterPhone eq {requester}");
            }
            else
            {
                And($"RequesterEmail eq {requester.ToLowerInvariant()}");
            }
        }

        var before = DecodeContinuation(query.Continuation);
        if (before is { } cursor)
        {
            And($"CreatedAt le {cursor.CreatedAt}");
        }

        // Table Storage cannot sort; matching rows are few for a small team's filters, so they are sorted here.
        var rows = new List<TableEntity>();
        await StorageCalls.Run(async () =>
        {
            rows.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter.ToString(), maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        });

        var ordered = rows
            .Select(r => (Row: r, CreatedAt: r.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue))
            .Where(r => before is not { } c || r.CreatedAt < c.CreatedAt || (r.CreatedAt == c.CreatedAt && string.CompareOrdinal(r.Row.PartitionKey, c.Reference) > 0))
            .OrderByDescending(r => r.CreatedAt)
            .ThenBy(r => r.Row.PartitionKey, StringComparer.Ordinal)
            .Take(query.PageSize + 1)
            .ToList();

        var page = ordered.Take(query.PageSize)
            .Select(r => Ticket.Restore(JsonSerializer.Deserialize(r.Row.GetString("Doc"), SupportJson.Default.TicketState)!, []))
            .ToList();
        var continuation = ordered.Count > query.PageSize
            ? EncodeContinuation(page[^1].CreatedAt, page[^1].Reference)
            : null;
        return new TicketPage(page, continuation);
    }

    private static TableEntity ToEntity(StoredTicket stored)
    {
        var state = stored.ToState();
        var ticket = stored.Ticket;
        return new TableEntity(ticket.Reference, TicketRow)
        {
            ["Status"] = WireNames.Of(ticket.Status),
            ["Category"] = WireNames.Of(ticket.Category),
            ["Severity"] = WireNames.Of(ticket.Severity),
            ["Channel"] = WireNames.Of(ticket.Channel),
            ["Assignee"] = ticket.Assignee,
            ["AssignedAt"] = ticket.AssignedAt,
            ["RequesterEmail"] = ticket.Requester.Email,
            ["RequesterPhone"] = ticket.Requester.Phone,
            ["Organisation"] = Organisation.Of(ticket.Requester.Email),
            ["CreatedAt"] = ticket.CreatedAt,
            ["UpdatedAt"] = ticket.UpdatedAt,
            ["EventCount"] = ticket.Timeline.Count,
            ["NextSlaDue"] = ticket.NextSlaDue,
            ["Doc"] = JsonSerializer.Serialize(state, SupportJson.Default.TicketState),
        };
    }

    private static IEnumerable<TableEntity> NewEventRows(StoredTicket ticket)
    {
        var number = ticket.PersistedEventCount;
        foreach (var evt in ticket.NewEvents)
        {
            number++;
            var bounded = Bounded(evt);
            yield return new TableEntity(ticket.Reference, EventPrefix + number.ToString("D6", CultureInfo.InvariantCulture))
            {
                ["Type"] = evt.Type,
                ["At"] = evt.At,
                ["Doc"] = JsonSerializer.Serialize(bounded, SupportJson.Default.TimelineEvent),
            };
        }
    }

    private static TimelineEvent Bounded(TimelineEvent evt) => evt with
    {
        Details = evt.Details.ToDictionary(
            d => d.Key,
            d => d.Value.Length <= MaxDetailLength ? d.Value : d.Value[..MaxDetailLength] + " […]",
            StringComparer.Ordinal),
    };

    private static string EncodeContinuation(DateTimeOffset createdAt, string reference) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{reference}"));

    private static (DateTimeOffset CreatedAt, string Reference)? DecodeContinuation(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 2);
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException("The continuation token is not one this service issued.", nameof(token), ex);
        }
    }
}
