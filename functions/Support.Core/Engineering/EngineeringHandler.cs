using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Telemetry;
using Support.Core.Tickets;

namespace Support.Core.Engineering;

/// <summary>
/// The engineering queue's consumer: performs the GitHub step a ticket owes (<see cref="Ticket.GitHub"/>), and the forum
/// step a feature request owes (<see cref="Ticket.Forum"/>): a topic posted under an external id naming the ticket (found
/// again by it, so never posted twice), or a "+1" reply on a similar topic the forum's search finds. A new
/// issue is looked for by its marker first (a filed issue whose number the store lost is found, never filed twice),
/// filed if absent, linked in the index and its number stored on the ticket. A linked issue is told of the ticket
/// once, by a comment carrying the same marker. GitHub down or rate-limited throws, and the message comes back with
/// backoff (no sooner than GitHub's reset); the ticket itself is never held up, and shows "GitHub: pending" meanwhile.
/// </summary>
public sealed class EngineeringHandler(
    ITicketStore store,
    TicketWriter writer,
    IBlobStore blobs,
    IIssueTracker tracker,
    IEngineeringLinks links,
    IForum forum,
    IOptions<SiteOptions> site,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<EngineeringHandler> logger) : IQueueHandler
{
    /// <summary>How far before the owed step an issue filed for it is looked for (clocks differ).</summary>
    private static readonly TimeSpan MarkerLookBack = TimeSpan.FromMinutes(10);

    /// <summary>How many near-duplicates' issues are asked whether they are open: closed ones are usually few.</summary>
    private const int MaxIssuesAsked = 3;

    private readonly PublicLinks _publicLinks = new(site);

    public string Queue => QueueNames.Engineering;

    public async Task<MessageOutcome> HandleAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var decoded = MessageCodec.Decode(body, SupportJson.Default.EngineeringMessage, EngineeringMessage.CurrentVersion);
        if (decoded.Message is not { } message)
        {
            return MessageOutcome.Poison(decoded.PoisonReason!);
        }

        SupportTelemetry.Ticket(message.Reference);
        var stored = await store.LoadAsync(message.Reference, cancellationToken);
        if (stored is null)
        {
            return MessageOutcome.Poison($"there is no ticket {message.Reference}");
        }

        var ticket = stored.Ticket;
        if (ticket.MergedInto is { } kept && ticket.GitHub is { Pending: true })
        {
            // A duplicate files nothing: the problem is logged (or not) on the ticket it was merged into.
            await writer.UpdateAsync(stored, t => t.Ticket.DropGitHubIssue($"merged into {kept}, where the problem is tracked", time.GetUtcNow()), cancellationToken);
            return MessageOutcome.Done;
        }

        switch (ticket.GitHub)
        {
            case { Number: null } owed:
                await FileAsync(stored, owed, cancellationToken);
                break;
            case { Existing: true, Announced: false, Number: { } number } linked:
                await AnnounceAsync(stored, linked.Repository, number, cancellationToken);
                break;
        }

        if (ticket.Forum is { Pending: true } topic)
        {
            await PostAsync(stored, topic, cancellationToken);
        }

        return MessageOutcome.Done;
    }

    /// <summary>The external id a ticket's forum topic is posted under.</summary>
    public static string ExternalIdOf(string reference) => "support-" + reference.ToLowerInvariant();

    private async Task PostAsync(StoredTicket stored, ForumTopic owed, CancellationToken cancellationToken)
    {
        var ticket = stored.Ticket;
        var posted = await forum.FindByExternalIdAsync(ExternalIdOf(ticket.Reference), cancellationToken);
        var plusOne = false;
        if (posted is null)
        {
            var inquiry = await store.GetInquiryAsync(ticket.Reference, cancellationToken);
            var request = inquiry is null ? ticket.Subject : await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken);
            var similar = await TopicOfNearDuplicateAsync(ticket, cancellationToken)
                ?? (await forum.SearchAsync(owed.Title, cancellationToken)).FirstOrDefault(t => ForumText.IsSimilar(owed.Title, t.Title));
            if (similar is not null)
            {
                // A "+1" an earlier delivery posted before the ticket's save was lost carries the marker: never a second one.
                var marker = ForumText.Marker(ExternalIdOf(ticket.Reference));
                if (!await forum.HasPostAsync(similar.Id, marker, cancellationToken))
                {
                    await forum.ReplyAsync(similar.Id, ForumText.PlusOne(request, marker), cancellationToken);
                }

                (posted, plusOne) = (similar, true);
            }
            else
            {
                posted = await forum.CreateTopicAsync(owed.Title, ForumText.TopicBody(request), ExternalIdOf(ticket.Reference), cancellationToken);
            }

            logger.LogInformation("{Reference} {How} forum topic {Topic}", ticket.Reference, plusOne ? "added +1 to" : "posted as", posted.Id);
        }

        await writer.UpdateAsync(stored, t => t.Ticket.RecordForumTopic(posted.Id, posted.Url, plusOne, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// The forum topic of the most similar feature request already on the forum (its own topic, or the one it joined),
    /// by embedding: a request worded unlike the topic's title is still found, where the forum's word search misses it.
    /// </summary>
    private async Task<ForumTopicRef?> TopicOfNearDuplicateAsync(Ticket ticket, CancellationToken cancellationToken) =>
        (await NearDuplicates.FindAsync(store, ticket, t => t.Forum is { TopicId: not null, Url: not null }, cancellationToken)) is [var duplicate, ..]
            ? new ForumTopicRef(duplicate.Ticket.Forum!.TopicId!.Value, duplicate.Ticket.Forum.Title, duplicate.Ticket.Forum.Url!)
            : null;

    /// <summary>A hash of the ticket's customer (address or number): counts affected customers without keeping who they are.</summary>
    public static string CustomerOf(Ticket ticket) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((ticket.Requester.Email ?? ticket.Requester.Phone ?? ticket.Reference).Trim().ToLowerInvariant())))[..16];

    private async Task FileAsync(StoredTicket stored, EngineeringIssue owed, CancellationToken cancellationToken)
    {
        var ticket = stored.Ticket;
        var marker = GitHubIssueText.Marker(ticket.Reference);
        var issue = await tracker.FindByMarkerAsync(owed.Repository, marker, owed.Since - MarkerLookBack, cancellationToken);
        if (issue is null && OwedByTriage(ticket) && await OpenIssueOfNearDuplicateAsync(ticket, owed.Repository, cancellationToken) is { } found)
        {
            var (joined, duplicate) = found;
            // Saved before the comment: a redelivery announces (once, by the comment's marker) instead of looking again.
            stored = await writer.UpdateAsync(stored, t => t.Ticket.JoinGitHubIssue(joined.Number, duplicate.Ticket.Reference, duplicate.Similarity, time.GetUtcNow()), cancellationToken) ?? stored;
            logger.LogInformation("{Reference} joins GitHub issue {Repository}#{Number} of {Duplicate} ({Similarity} similar)", ticket.Reference, owed.Repository, joined.Number, duplicate.Ticket.Reference, duplicate.Similarity);
            await AnnounceAsync(stored, owed.Repository, joined.Number, cancellationToken);
            return;
        }

        if (issue is null)
        {
            var inquiry = await store.GetInquiryAsync(ticket.Reference, cancellationToken);
            var text = inquiry is null ? string.Empty : await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken);
            var composed = GitHubIssueText.Compose(ticket, inquiry, text, _publicLinks.Ticket(ticket.Reference), affectedCustomers: 1, GitHubIssueText.Labels(options.Value, ticket, inquiry));
            issue = await tracker.CreateAsync(owed.Repository, composed, cancellationToken);
            logger.LogInformation("{Reference} filed as GitHub issue {Repository}#{Number}", ticket.Reference, owed.Repository, issue.Number);
        }

        // The index first: a crash before the ticket is saved leaves a link the redelivery writes again, never a ticket the webhook cannot find.
        await links.AddAsync(new IssueLink(owed.Repository, issue.Number, ticket.Reference, CustomerOf(ticket)), cancellationToken);
        await writer.UpdateAsync(stored, t => t.Ticket.RecordGitHubIssue(issue.Number, issue.Url, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Triage owed the issue (an S1/S2 technical ticket), not staff: a staff member asking for a new issue gets one.</summary>
    private static bool OwedByTriage(Ticket ticket) =>
        ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.GitHubIssueOwed)?.Actor == Actors.System;

    /// <summary>The most similar near-duplicate whose issue in <paramref name="repository"/> is still open, with that issue; null when none is.</summary>
    private async Task<(TrackedIssue Issue, NearDuplicate Duplicate)?> OpenIssueOfNearDuplicateAsync(Ticket ticket, string repository, CancellationToken cancellationToken)
    {
        var duplicates = await NearDuplicates.FindAsync(
            store, ticket, t => t.GitHub is { Number: not null, Pending: false } issue && string.Equals(issue.Repository, repository, StringComparison.OrdinalIgnoreCase), cancellationToken);
        foreach (var duplicate in duplicates.DistinctBy(d => d.Ticket.GitHub!.Number).Take(MaxIssuesAsked))
        {
            if (await tracker.GetAsync(repository, duplicate.Ticket.GitHub!.Number!.Value, cancellationToken) is { Open: true } issue)
            {
                return (issue, duplicate);
            }
        }

        return null;
    }

    private async Task AnnounceAsync(StoredTicket stored, string repository, int number, CancellationToken cancellationToken)
    {
        var ticket = stored.Ticket;
        var issue = await tracker.GetAsync(repository, number, cancellationToken);
        if (issue is null)
        {
            logger.LogWarning("{Reference}: GitHub issue {Repository}#{Number} does not exist or cannot be seen; the link is dropped", ticket.Reference, repository, number);
            await writer.UpdateAsync(stored, t => t.Ticket.DropGitHubIssue($"{repository}#{number} does not exist or the token cannot see it", time.GetUtcNow()), cancellationToken);
            return;
        }

        await links.AddAsync(new IssueLink(repository, number, ticket.Reference, CustomerOf(ticket)), cancellationToken);
        var affected = (await links.ForIssueAsync(repository, number, cancellationToken)).Select(l => l.Customer).Distinct(StringComparer.Ordinal).Count();
        var marker = GitHubIssueText.Marker(ticket.Reference);
        if (!await tracker.HasCommentAsync(repository, number, marker, cancellationToken))
        {
            await tracker.CommentAsync(repository, number, GitHubIssueText.AffectedComment(ticket, _publicLinks.Ticket(ticket.Reference), affected), cancellationToken);
        }

        await writer.UpdateAsync(stored, t => t.Ticket.RecordGitHubAnnounced(issue.Url, affected, time.GetUtcNow()), cancellationToken);
    }
}
