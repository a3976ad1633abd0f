using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Calendars;

namespace Support.Core.Metrics;

/// <summary>
/// Reads what <see cref="SupportMetrics"/> needs from the ticket store: the tickets created in the
/// period with their timelines, and the backlog. Sized for a support team's volume: at most
/// <see cref="MaxTickets"/> tickets per period are read, each with one point read for its timeline.
/// </summary>
public sealed class MetricsReader(ITicketStore store, RegionPolicy regions, TimeProvider time)
{
    public const int MaxTickets = 5000;

    private static readonly TicketStatus[] Waiting = [TicketStatus.New, TicketStatus.Open, TicketStatus.Pending];

    public async Task<SupportMetricsReport> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var created = await CreatedAsync(from, to, cancellationToken);

        var backlog = new List<Ticket>();
        foreach (var status in Waiting)
        {
            backlog.AddRange(await AllAsync(new TicketQuery { Status = status, PageSize = 200 }, cancellationToken));
        }

        return SupportMetrics.Compute(created, backlog, from, to, time.GetUtcNow(), regions.Regions);
    }

    /// <summary>The tickets created in the period, each with its timeline.</summary>
    public async Task<List<Ticket>> CreatedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var created = new List<Ticket>();
        await foreach (var summary in CreatedBetweenAsync(from, to, cancellationToken))
        {
            if (await store.GetAsync(summary.Reference, cancellationToken) is { } full)
            {
                created.Add(full);
            }
        }

        return created;
    }

    /// <summary>All tickets matching <paramref name="query"/> (without timelines), page by page.</summary>
    public async Task<List<Ticket>> AllAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var all = new List<Ticket>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(query with { Continuation = continuation }, cancellationToken);
            all.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null && all.Count < MaxTickets);
        return all;
    }

    // Pages come newest first, so reading stops at the first ticket older than the period.
    private async IAsyncEnumerable<Ticket> CreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        var count = 0;
        do
        {
            var page = await store.ListAsync(new TicketQuery { PageSize = 200, Continuation = continuation }, cancellationToken);
            foreach (var ticket in page.Items)
            {
                if (ticket.CreatedAt < from || count >= MaxTickets)
                {
                    yield break;
                }

                if (ticket.CreatedAt < to)
                {
                    count++;
                    yield return ticket;
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }
}
