using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Support.Core.Bookings;
using Support.Core.Notifications;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// The <c>bookings</c> table, one partition per local day (<c>20261207</c>): a row per staff member with sessions that
/// day (<c>d:{person}</c>, the sessions as JSON) and a row per booking (<c>b:{id}</c>). Free slots for 14 days read only
/// the day rows of 17 partitions in one range query: at most one request per partition (the service may end a page at
/// a partition boundary) and one more per 1,000 rows, however many bookings there are, since a day row holds them all.
/// A claim writes the booking and its day row in one transaction, the day row under the ETag it was read with.
/// </summary>
public sealed class TableBookingStore(TableServiceClient service) : IBookingStore
{
    private const string DayPrefix = "d:";
    private const string BookingPrefix = "b:";

    private readonly TableClient _table = service.GetTableClient(TableNames.Bookings);

    public async Task<IReadOnlyList<PersonDay>> DaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {Partition(from)} and PartitionKey lt {Partition(to)} and RowKey ge {DayPrefix} and RowKey lt {"d;"}");
        var days = new List<PersonDay>();
        await StorageCalls.Run(async () =>
        {
            days.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                days.Add(DayFrom(row));
            }
        });
        return days;
    }

    public async Task<PersonDay> DayAsync(string personId, DateOnly day, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition(day), DayRow(personId), cancellationToken: cancellationToken));
        return row.HasValue ? DayFrom(row.Value!) : new PersonDay(personId, day, []);
    }

    public async Task<IReadOnlyList<Booking>> BookingsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {Partition(from)} and PartitionKey lt {Partition(to)} and RowKey ge {BookingPrefix} and RowKey lt {"b;"}");
        var bookings = new List<Booking>();
        await StorageCalls.Run(async () =>
        {
            bookings.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                bookings.Add(BookingFrom(row));
            }
        });
        return bookings;
    }

    public async Task<Booking?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!Booking.IsId(id))
        {
            return null;
        }

        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition(Booking.DayOf(id)), BookingPrefix + id, cancellationToken: cancellationToken));
        return row.HasValue ? BookingFrom(row.Value!) : null;
    }

    public Task<Booking?> TryClaimAsync(PersonDay day, Booking booking, CancellationToken cancellationToken) =>
        SubmitAsync(
            [
                day.ETag is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, DayEntity(day))
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, DayEntity(day), new ETag(day.ETag)),
                new TableTransactionAction(TableTransactionActionType.Add, BookingEntity(booking)),
            ],
            booking,
            cancellationToken);

    public Task<Booking?> TryReleaseAsync(PersonDay day, Booking booking, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [];
        if (day.ETag is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, DayEntity(day), new ETag(day.ETag)));
        }

        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, BookingEntity(booking), new ETag(booking.ETag!)));
        return SubmitAsync(actions, booking, cancellationToken);
    }

    public async Task<Booking?> TryUpdateAsync(Booking booking, CancellationToken cancellationToken)
    {
        try
        {
            var response = await StorageCalls.Run(() =>
                _table.UpdateEntityAsync(BookingEntity(booking), new ETag(booking.ETag!), TableUpdateMode.Replace, cancellationToken));
            return booking with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static string Partition(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    // Roster ids are free text; escaping keeps the characters keys forbid (/ \ # ?) out.
    private static string DayRow(string personId) => DayPrefix + Uri.EscapeDataString(personId.ToLowerInvariant());

    private async Task<Booking?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, Booking booking, CancellationToken cancellationToken)
    {
        try
        {
            var response = await StorageCalls.Run(() => _table.SubmitTransactionAsync(actions, cancellationToken));
            return booking with { ETag = response.Value[^1].Headers.ETag?.ToString() };
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static TableEntity DayEntity(PersonDay day) => new(Partition(day.Day), DayRow(day.PersonId))
    {
        ["PersonId"] = day.PersonId,
        ["Sessions"] = System.Text.Json.JsonSerializer.Serialize(
            day.Sessions.Select(s => new SessionRow(s.Id, s.Kind, s.Start, s.End, s.CountsTowardCap)).ToList(),
            BookingTableJson.Default.ListSessionRow),
    };

    private static PersonDay DayFrom(TableEntity row) => new(
        row.GetString("PersonId"),
        DateOnly.ParseExact(row.PartitionKey, "yyyyMMdd", CultureInfo.InvariantCulture),
        [.. (System.Text.Json.JsonSerializer.Deserialize(row.GetString("Sessions") ?? "[]", BookingTableJson.Default.ListSessionRow) ?? [])
            .Select(s => new BookedSession(s.Id, s.Kind, s.Start, s.End, s.Cap))],
        row.ETag.ToString());

    private static TableEntity BookingEntity(Booking b) => new(Partition(b.Day), BookingPrefix + b.Id)
    {
        ["Kind"] = b.Kind,
        ["PersonId"] = b.PersonId,
        ["Start"] = b.Start,
        ["End"] = b.End,
        ["CustomerName"] = b.CustomerName,
        ["CustomerEmail"] = b.CustomerEmail,
        ["CustomerPhone"] = b.CustomerPhone,
        ["Note"] = b.Note,
        ["CustomerTimeZone"] = b.CustomerTimeZone,
        ["TicketReference"] = b.TicketReference,
        ["Status"] = b.Status.ToString(),
        ["BookedAt"] = b.BookedAt,
        ["ClosedAt"] = b.ClosedAt,
        ["RescheduledTo"] = b.RescheduledTo,
        ["RescheduledToPerson"] = b.RescheduledToPerson,
        ["RescheduledFrom"] = b.RescheduledFrom,
        ["Uid"] = b.Uid,
        ["Sequence"] = b.Sequence,
        ["MailSent"] = string.Join(',', b.Mail.Sent.Order(StringComparer.Ordinal)),
        ["MailClaims"] = System.Text.Json.JsonSerializer.Serialize(
            b.Mail.Claims.ToDictionary(c => c.Key, c => new ClaimRow(c.Value.ClaimId, c.Value.At)), BookingTableJson.Default.DictionaryStringClaimRow),
    };

    private static Booking BookingFrom(TableEntity row) => new()
    {
        Id = row.RowKey[BookingPrefix.Length..],
        Kind = row.GetString("Kind"),
        PersonId = row.GetString("PersonId"),
        Start = row.GetDateTimeOffset("Start") ?? DateTimeOffset.MinValue,
        End = row.GetDateTimeOffset("End") ?? DateTimeOffset.MinValue,
        CustomerName = row.GetString("CustomerName"),
        CustomerEmail = row.GetString("CustomerEmail"),
        CustomerPhone = row.GetString("CustomerPhone"),
        Note = row.GetString("Note"),
        CustomerTimeZone = row.GetString("CustomerTimeZone") ?? "UTC",
        TicketReference = row.GetString("TicketReference"),
        Status = Enum.TryParse<BookingStatus>(row.GetString("Status"), out var status) ? status : BookingStatus.Booked,
        BookedAt = row.GetDateTimeOffset("BookedAt") ?? DateTimeOffset.MinValue,
        ClosedAt = row.GetDateTimeOffset("ClosedAt"),
        RescheduledTo = row.GetString("RescheduledTo"),
        RescheduledToPerson = row.GetString("RescheduledToPerson"),
        RescheduledFrom = row.GetString("RescheduledFrom"),
        Uid = row.GetString("Uid"),
        Sequence = row.GetInt32("Sequence") ?? 0,
        Mail = new MailLedger(
            (row.GetString("MailSent") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            (System.Text.Json.JsonSerializer.Deserialize(row.GetString("MailClaims") ?? "{}", BookingTableJson.Default.DictionaryStringClaimRow) ?? [])
                .ToDictionary(c => c.Key, c => new MailClaim(c.Value.ClaimId, c.Value.At), StringComparer.Ordinal)),
        ETag = row.ETag.ToString(),
    };
}

internal sealed record SessionRow(string Id, string Kind, DateTimeOffset Start, DateTimeOffset End, bool Cap);

internal sealed record ClaimRow(string ClaimId, DateTimeOffset At);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<SessionRow>))]
[JsonSerializable(typeof(Dictionary<string, ClaimRow>))]
internal sealed partial class BookingTableJson : JsonSerializerContext;
