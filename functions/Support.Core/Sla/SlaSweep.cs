using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Contracts;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Scheduling;

namespace Support.Core.Sla;

/// <summary>
/// Every minute: reads from the due index only the entries due by now (one range query, so the
/// cost follows how many are due, not how many tickets are open), hands each ticket to the
/// <c>sla-due</c> queue, and removes the entries. The index is its own continuation: what a run
/// leaves (beyond <see cref="TimersOptions.SlaSweepMaxTickets"/>) is still there for the next
/// one, and after downtime the first run simply finds more due. Overlapping runs may queue a
/// ticket twice; <see cref="SlaDueHandler"/> acts once per target whatever it is given.
/// </summary>
public sealed class SlaSweep(
    ISlaDueIndex index,
    IQueuePublisher queue,
    IOptions<TimersOptions> options,
    TimeProvider time,
    ILogger<SlaSweep> logger) : IScheduledJob
{
    // An entry per action: a ticket has at most a few targets with three moments each.
    private const int EntriesPerTicket = 12;

    public string Name => "SlaSweep";

    public string ScheduleSetting => "SlaSweepSchedule";

    public string DefaultSchedule => "0 * * * * *";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken) =>
        await SweepAsync(isPastDue, cancellationToken);

    /// <summary>One sweep; returns how many tickets it handed on.</summary>
    public async Task<int> SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var maxTickets = Math.Max(1, options.Value.SlaSweepMaxTickets);
        var entries = await index.DueAsync(now, maxTickets * EntriesPerTicket, cancellationToken);
        var byTicket = entries.GroupBy(e => e.Reference, StringComparer.Ordinal).Take(maxTickets).ToList();
        if (isPastDue)
        {
            logger.LogWarning("SLA sweep is late; catching up on {Count} due ticket(s)", byTicket.Count);
        }

        foreach (var group in byTicket)
        {
            var newest = group.Max(e => e.At);
            await queue.PublishAsync(
                QueueNames.SlaDue,
                MessageCodec.Encode(SlaDueMessage.For(group.Key), SupportJson.Default.SlaDueMessage),
                messageId: $"{group.Key}:sla:{newest.ToUnixTimeSeconds()}",
                cancellationToken);
        }

        // Removed only once queued: a run that dies before this leaves the entries for the next run.
        await index.RemoveAsync([.. byTicket.SelectMany(g => g)], cancellationToken);
        if (byTicket.Count > 0)
        {
            logger.LogInformation("SLA sweep queued {Count} ticket(s){More}", byTicket.Count,
                entries.Count >= maxTickets * EntriesPerTicket || byTicket.Count == maxTickets ? "; more remain for the next run" : "");
        }

        return byTicket.Count;
    }
}
