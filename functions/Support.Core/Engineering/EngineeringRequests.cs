using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Replies;
using Support.Core.Tickets;

namespace Support.Core.Engineering;

/// <summary>
/// Staff logging a ticket in GitHub from the console: a new issue in a configured repository (any severity; S1 and S2
/// technical tickets are logged at triage already), or a link to an issue engineering has, which is told one more
/// customer is affected. The ticket records what it owes, on the version staff saw; the engineering queue performs it.
/// Asking again while the step is pending queues it again and changes nothing else.
/// </summary>
public sealed class EngineeringRequests(
    ITicketStore store,
    TicketWriter writer,
    IQueuePublisher queue,
    IOptions<GitHubOptions> options,
    IOptions<DiscourseOptions> forum,
    TimeProvider time,
    ILogger<EngineeringRequests> logger)
{
    /// <param name="repository">owner/name, one of <see cref="GitHubOptions.Repositories"/>; null for the default.</param>
    /// <param name="issue">An existing issue's number to link to; null to file a new issue.</param>
    public async Task<TicketChangeResult> LogAsync(string reference, string ifMatch, string actor, string? repository, int? issue, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return new TicketChangeRefused("repository", "GitHub is not configured (GitHub__Owner and GitHub__Repository).");
        }

        var chosen = repository is null ? settings.DefaultRepository : settings.Configured(repository);
        if (chosen is null)
        {
            return new TicketChangeRefused("repository", $"Choose one of the configured repositories: {string.Join(", ", settings.Repositories)}.");
        }

        if (issue is <= 0)
        {
            return new TicketChangeRefused("issue", "issue must be the number of an existing issue.");
        }

        var (stored, unchangeable) = await TicketToChange.LoadAsync(store, reference, ifMatch, cancellationToken);
        if (stored is null)
        {
            return unchangeable!;
        }

        var ticket = stored.Ticket;
        if (ticket.GitHub is { } existing)
        {
            if (!existing.Pending)
            {
                return new TicketChangeConflict($"{ticket.Reference} is logged in GitHub already, as {existing.Repository}#{existing.Number}.");
            }

            // Pending: the step is owed already; queuing it again is how staff retry it.
            await PublishAsync(ticket.Reference, EngineeringMessage.IdFor(ticket.Reference), cancellationToken);
            return new TicketChanged(stored);
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return new TicketChangeConflict(TicketChanges.ClosedExplanation(ticket.Reference));
        }

        var now = time.GetUtcNow();
        _ = issue is { } number
            ? ticket.LinkGitHubIssue(chosen, number, actor, now)
            : ticket.OweGitHubIssue(chosen, actor, "logged by staff", now);
        try
        {
            await writer.SaveAsync(stored, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return await store.LoadAsync(stored.Ticket.Reference, cancellationToken) is { } current ? new TicketChangeStale(current) : new TicketChangeNotFound($"There is no ticket {stored.Ticket.Reference}.");
        }

        logger.LogInformation("{Reference} logged in GitHub ({Repository}{Issue}) by {Actor}", ticket.Reference, chosen, issue is { } n ? $"#{n}" : " new issue", actor);
        await PublishAsync(ticket.Reference, EngineeringMessage.IdFor(ticket.Reference), cancellationToken);
        return new TicketChanged(stored);
    }

    /// <summary>The longest forum topic title taken; Discourse's own default limit is 255.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>
    /// Staff confirm a feature request for the public forum, with the title it is posted under (editable; the
    /// subject by default): a new topic in the configured category, or "+1" on a similar one.
    /// </summary>
    public async Task<TicketChangeResult> ProposeAsync(string reference, string ifMatch, string actor, string? title, CancellationToken cancellationToken)
    {
        if (!forum.Value.Enabled)
        {
            return new TicketChangeRefused("title", "The forum is not configured (Discourse__BaseUrl and Discourse__CategoryId).");
        }

        var (stored, unchangeable) = await TicketToChange.LoadAsync(store, reference, ifMatch, cancellationToken);
        if (stored is null)
        {
            return unchangeable!;
        }

        var ticket = stored.Ticket;
        var chosen = Intake.TextNormalizer.SingleLine(string.IsNullOrWhiteSpace(title) ? ticket.Subject : title, MaxTitleLength + 1);
        if (chosen.Length is < 5 or > MaxTitleLength)
        {
            return new TicketChangeRefused("title", $"The title must be 5 to {MaxTitleLength} characters.");
        }

        if (ticket.Category != Category.FeatureRequest)
        {
            return new TicketChangeConflict($"{ticket.Reference} is not a feature request; correct its category first.");
        }

        if (ticket.Forum is { } existing)
        {
            if (!existing.Pending)
            {
                return new TicketChangeConflict($"{ticket.Reference} is on the forum already: {existing.Url}");
            }

            await PublishAsync(ticket.Reference, EngineeringMessage.ForumIdFor(ticket.Reference), cancellationToken);
            return new TicketChanged(stored);
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return new TicketChangeConflict(TicketChanges.ClosedExplanation(ticket.Reference));
        }

        ticket.OweForumTopic(GitHubIssueText.Mask(chosen), actor, time.GetUtcNow());
        try
        {
            await writer.SaveAsync(stored, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return await store.LoadAsync(stored.Ticket.Reference, cancellationToken) is { } current ? new TicketChangeStale(current) : new TicketChangeNotFound($"There is no ticket {stored.Ticket.Reference}.");
        }

        logger.LogInformation("{Reference} confirmed for the forum by {Actor}", ticket.Reference, actor);
        await PublishAsync(ticket.Reference, EngineeringMessage.ForumIdFor(ticket.Reference), cancellationToken);
        return new TicketChanged(stored);
    }

    private async Task PublishAsync(string reference, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await queue.PublishAsync(
                QueueNames.Engineering,
                MessageCodec.Encode(EngineeringMessage.For(reference), SupportJson.Default.EngineeringMessage),
                messageId,
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StorageUnavailableException)
        {
            // The ticket keeps the step (GitHub: pending); the caller is told to try again, which queues it again.
            throw new StorageUnavailableException("The engineering queue is unavailable.", ex);
        }
    }
}
