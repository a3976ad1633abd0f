using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Tickets in Azure Table Storage. One partition per ticket (the reference): the inquiry row,
/// the ticket row and one row per timeline event. The ticket row and its new events are written
/// in one entity-group transaction guarded by the ticket row's ETag, so a save is atomic and
/// never overwrites someone else's change.
/// </summary>
public sealed class TableTicketStore(TableServiceClient service) : ITicketStore
{
    public const string InquiryRow = "inquiry";
    public const string TicketRow = "ticket";
    private const string EventPrefix = "evt-";

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

    public async Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        TableEntity? ticketRow = null;
        var events = new List<TimelineEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {reference}");
        await StorageCalls.Run(async () =>
        {
            ticketRow = null;
            events.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (row.RowKey == TicketRow)
                {
                    ticketRow = row;
                }
                else if (row.RowKey.StartsWith(EventPrefix, StringComparison.Ordinal))
                {
                    events.Add(JsonSerializer.Deserialize(row.GetString("Doc"), SupportJson.Default.TimelineEvent)!);
                }
            }
        });

        if (ticketRow is null)
        {
            return null;
        }

        var state = JsonSerializer.Deserialize(ticketRow.GetString("Doc"), SupportJson.Default.TicketState)!;
        return Ticket.Restore(state, events, ticketRow.ETag.ToString());
    }

    public async Task<TicketCreation> CreateAsync(Ticket ticket, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(ticket)) };
        actions.AddRange(NewEventRows(ticket).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        if (whileInquiryStored)
        {
            // The inquiry row shares the ticket's partition: touching it in the same transaction makes the
            // create fail (404) when intake withdrew it, at no extra round-trip.
            actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(ticket.Reference, InquiryRow) { ["TicketCreated"] = true }, ETag.All));
        }

        try
        {
            var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            ticket.MarkPersisted(response.Value[0].Headers.ETag?.ToString() ?? string.Empty);
            return TicketCreation.Created;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return TicketCreation.Exists;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound && whileInquiryStored)
        {
            return TicketCreation.InquiryWithdrawn;
        }
    }

    public async Task SaveAsync(Ticket ticket, CancellationToken cancellationToken)
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
            .Select(r => Ticket.Restore(JsonSerializer.Deserialize(r.Row.GetString("Doc"), SupportJson.Default.TicketState)!, [], r.Row.ETag.ToString()))
            .ToList();
        var continuation = ordered.Count > query.PageSize
            ? EncodeContinuation(page[^1].CreatedAt, page[^1].Reference)
            : null;
        return new TicketPage(page, continuation);
    }

    private static TableEntity ToEntity(Ticket ticket)
    {
        var state = ticket.ToState();
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
            ["CreatedAt"] = ticket.CreatedAt,
            ["UpdatedAt"] = ticket.UpdatedAt,
            ["EventCount"] = ticket.Timeline.Count,
            ["NextSlaDue"] = ticket.NextSlaDue,
            ["Doc"] = JsonSerializer.Serialize(state, SupportJson.Default.TicketState),
        };
    }

    private static IEnumerable<TableEntity> NewEventRows(Ticket ticket)
    {
        var number = ticket.PersistedEventCount;
        foreach (var evt in ticket.NewEvents)
        {
            number++;
            var bounded = evt with
            {
                Details = evt.Details.ToDictionary(
                    d => d.Key,
                    d => d.Value.Length <= MaxDetailLength ? d.Value : d.Value[..MaxDetailLength] + " […]",
                    StringComparer.Ordinal),
            };
            yield return new TableEntity(ticket.Reference, EventPrefix + number.ToString("D6", CultureInfo.InvariantCulture))
            {
                ["Type"] = evt.Type,
                ["At"] = evt.At,
                ["Doc"] = JsonSerializer.Serialize(bounded, SupportJson.Default.TimelineEvent),
            };
        }
    }

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
