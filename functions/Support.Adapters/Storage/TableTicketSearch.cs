using System.Text.Json;
using Azure.Data.Tables;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Search over the tickets table: one query reads the ticket rows, the inquiries and the message
/// events (nothing else), and matches here, since Table Storage has no text search. That reads
/// every conversation once per search: right for a small team's thousands of tickets; a search
/// index is the step after.
/// </summary>
public sealed class TableTicketSearch(TableServiceClient service) : ITicketSearch
{
    private static readonly string[] MessageTypes = [TimelineEventTypes.CustomerMessage, TimelineEventTypes.StaffReply, TimelineEventTypes.InternalNote];

    private readonly TableClient _table = service.GetTableClient(TableNames.Tickets);

    public async Task<IReadOnlyList<Ticket>> SearchAsync(string text, int max, CancellationToken cancellationToken)
    {
        var needle = text.Trim();
        var filter = $"RowKey eq '{TableTicketStore.TicketRow}' or RowKey eq '{TableTicketStore.InquiryRow}' or "
            + string.Join(" or ", MessageTypes.Select(t => TableClient.CreateQueryFilter($"Type eq {t}")));
        var tickets = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        await StorageCalls.Run(async () =>
        {
            tickets.Clear();
            matched.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Doc"], cancellationToken: cancellationToken))
            {
                if (row.RowKey == TableTicketStore.TicketRow)
                {
                    tickets[row.PartitionKey] = row;
                }

                if (!matched.Contains(row.PartitionKey) && Matches(row, needle))
                {
                    matched.Add(row.PartitionKey);
                }
            }
        });

        return [.. matched
            .Where(tickets.ContainsKey)
            .Select(r => Ticket.Restore(JsonSerializer.Deserialize(tickets[r].GetString("Doc"), SupportJson.Default.TicketState)!, []))
            .OrderByDescending(t => t.CreatedAt)
            .Take(max)];
    }

    private static bool Matches(TableEntity row, string needle)
    {
        var doc = row.GetString("Doc");
        if (doc is null)
        {
            return false;
        }

        // The documents are JSON with non-ASCII escaped, so each is read back before comparing.
        IEnumerable<string?> fields = row.RowKey switch
        {
            TableTicketStore.TicketRow when JsonSerializer.Deserialize(doc, SupportJson.Default.TicketState) is { } t =>
                [t.Reference, t.Subject, t.Requester.Name, t.Requester.Email, t.Requester.Phone],
            TableTicketStore.InquiryRow when JsonSerializer.Deserialize(doc, SupportJson.Default.Inquiry) is { } i =>
                [i.Body, i.Subject, i.Requester.Name, i.Requester.Email, i.Requester.Phone],
            _ when JsonSerializer.Deserialize(doc, SupportJson.Default.TimelineEvent) is { } e =>
                [e.Details.GetValueOrDefault("body"), e.Details.GetValueOrDefault("from"), e.Details.GetValueOrDefault("subject")],
            _ => [],
        };
        return fields.Any(f => f?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true);
    }
}
