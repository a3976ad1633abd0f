using Microsoft.Extensions.Logging;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Core.Engineering;

/// <summary>
/// What GitHub's webhook tells of an issue, recorded on every ticket linked to it (<see cref="Domain.Ticket.RecordGitHubActivity"/>):
/// each once per delivery, so a redelivered webhook changes nothing twice.
/// </summary>
public sealed class IssueActivities(IEngineeringLinks links, TicketWriter writer, TimeProvider time, ILogger<IssueActivities> logger)
{
    /// <summary>Records <paramref name="activity"/>; returns how many tickets it changed.</summary>
    public async Task<int> RecordAsync(IssueActivity activity, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var link in await links.ForIssueAsync(activity.Repository, activity.Number, cancellationToken))
        {
            var recorded = false;
            await writer.UpdateAsync(link.Reference, t => recorded = t.Ticket.RecordGitHubActivity(activity, time.GetUtcNow()), cancellationToken);
            if (recorded)
            {
                changed++;
                logger.LogInformation("{Reference}: GitHub issue {Repository}#{Number} {Action}", link.Reference, activity.Repository, activity.Number, IssueActivity.WireName(activity.Kind));
            }
        }

        return changed;
    }
}
