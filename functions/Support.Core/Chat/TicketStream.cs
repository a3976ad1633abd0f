using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;

namespace Support.Core.Chat;

/// <summary>
/// Shows a ticket in the stream channel as it now stands: its message is posted once (for a new ticket, an S1, an SLA
/// warning or breach, an escalation) and updated in place after that (assigned, solved, breached), so the stream shows
/// each ticket's current state rather than a pile of posts. The post is claimed in <see cref="IChatPosts"/> before it is
/// made and its <c>ts</c> stored right after, so a redelivery updates instead of posting again; a claim older than
/// <see cref="ClaimLease"/> belongs to a run that died (or lost Slack's answer) and is taken over, after looking for that
/// run's post by the hidden marker every stream message carries; a run slow enough to post after a takeover deletes its
/// own post when it finds the other stored. Events routed to the manager
/// (<see cref="SlackOptions.ManagerEvents"/>) also go to the on-duty manager by direct message, once each; an escalation
/// goes to who has the ticket now and to who escalated it.
/// </summary>
public sealed class TicketStream(
    ITicketStore store,
    IRosterStore rosters,
    IChatPosts posts,
    ITeamChat chat,
    IOptions<SlackOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<TicketStream> logger)
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly PublicLinks _links = new(site);

    public async Task ShowAsync(string reference, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(reference, cancellationToken) is not { } ticket)
        {
            logger.LogWarning("Chat stream for {Reference}, which does not exist; dropped", reference);
            return;
        }

        var roster = await rosters.GetAsync(cancellationToken);
        var record = await posts.GetAsync(reference, cancellationToken) ?? new ChatPostRecord(reference);
        var slack = options.Value;
        if (slack.Streams)
        {
            record = await StreamAsync(ticket, roster, record, events, cancellationToken);
        }

        if (OnDuty.For(roster, SupportRole.Manager, time.GetUtcNow()) is { SlackUserId: { Length: > 0 } managerId })
        {
            foreach (var chatEvent in events.Where(slack.TellsManager))
            {
                record = await TellAsync(ticket, roster, record, $"manager:{chatEvent}", managerId, chatEvent, cancellationToken);
            }
        }

        // An escalation is told to both: who has the ticket now, and who escalated it.
        if (events.Contains(ChatEvents.Escalated) && ticket.Timeline.LastOrDefault(e => e.Type == Sla.TimerEventTypes.Escalated) is { } escalated)
        {
            foreach (var personId in new[] { escalated.Details.GetValueOrDefault("to"), escalated.Details.GetValueOrDefault("by") }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (roster.Find(personId) is { SlackUserId: { Length: > 0 } slackId })
                {
                    record = await TellAsync(ticket, roster, record, $"escalated:{escalated.At.ToUnixTimeMilliseconds()}:{personId}", slackId, ChatEvents.Escalated, cancellationToken);
                }
            }
        }
    }

    private async Task<ChatPostRecord> StreamAsync(Ticket ticket, RosterDocument roster, ChatPostRecord record, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var message = ChatBlocks.Stream(options.Value.StreamChannel, ticket, roster, _links.Ticket(ticket.Reference), ChatBlocks.Latest(ticket, events)) with { Marker = ticket.Reference };
        if (record is { Channel: { } channel, Ts: { } ts })
        {
            // A new ticket's events come again with every redelivery of the message that created it: the post they owe
            // is made, and showing "new" again would bury whatever happened to the ticket since.
            if (!events.Contains(ChatEvents.New))
            {
                await chat.UpdateAsync(channel, ts, message, cancellationToken);
            }

            return record;
        }

        if (!events.Any(ChatEvents.Posting.Contains))
        {
            // Only news worth a post puts a ticket in the stream; a ticket not there has nothing to update.
            return record;
        }

        var now = time.GetUtcNow();
        if (record.ClaimedAt is { } claimed)
        {
            if (now - claimed < ClaimLease)
            {
                throw new RetryLaterException($"{ticket.Reference}'s stream message is being posted by another run", ClaimLease - (now - claimed));
            }

            // A lapsed claim: its run may have posted before it died, or lost Slack's answer. The message's hidden marker finds such a post.
            if (await chat.FindPostedAsync(message.Channel, ticket.Reference, claimed - ClaimLease, cancellationToken) is { } found)
            {
                logger.LogInformation("{Reference}'s stream message was posted by an earlier run; it is kept and updated", ticket.Reference);
                var adopted = await KeepAsync(ticket.Reference, record, found, cancellationToken);
                await chat.UpdateAsync(adopted.Channel!, adopted.Ts!, message, cancellationToken);
                return adopted;
            }
        }

        var claim = await posts.TrySaveAsync(record with { ClaimedAt = now }, cancellationToken)
            ?? throw new RetryLaterException($"{ticket.Reference}'s stream message was claimed by another run", TimeSpan.FromSeconds(5));

        PostedChat posted;
        try
        {
            posted = await chat.PostAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is RetryLaterException or TeamChatException)
        {
            // Slack refused the post, so nothing was posted: the claim goes, and the retry (after Retry-After) need not wait out the lease.
            await posts.TrySaveAsync(claim with { ClaimedAt = null }, cancellationToken);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No answer (a timeout, a 5xx, Slack's internal_error "some aspect of the operation may have succeeded"): the post
            // may be there. The claim is kept but lapsed, so the retry looks for the post by its marker before posting.
            await posts.TrySaveAsync(claim with { ClaimedAt = now - ClaimLease }, cancellationToken);
            throw;
        }

        logger.LogInformation("{Reference} posted to the stream ({Events})", ticket.Reference, string.Join(",", events));
        return await KeepAsync(ticket.Reference, claim, posted, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="posted"/> as the ticket's stream message. A run that took over a lapsed claim while this one
    /// was still posting may have posted too: the first message stored stays, and a later one is deleted, so the stream
    /// shows the ticket once.
    /// </summary>
    private async Task<ChatPostRecord> KeepAsync(string reference, ChatPostRecord claim, PostedChat posted, CancellationToken cancellationToken)
    {
        var record = claim;
        while (true)
        {
            if (await posts.TrySaveAsync(record with { Channel = posted.Channel, Ts = posted.Ts, ClaimedAt = null }, cancellationToken) is { } saved)
            {
                return saved;
            }

            record = await posts.GetAsync(reference, cancellationToken) ?? new ChatPostRecord(reference);
            if (record is { Channel: { } channel, Ts: { } ts })
            {
                if (channel != posted.Channel || ts != posted.Ts)
                {
                    logger.LogWarning("{Reference} was posted to the stream twice (a claim taken over while its run was slow); the second post is deleted", reference);
                    await chat.DeleteAsync(posted.Channel, posted.Ts, cancellationToken);
                }

                return record;
            }
        }
    }

    /// <summary>A direct message to <paramref name="slackUserId"/> about the ticket, once per <paramref name="key"/>.</summary>
    private async Task<ChatPostRecord> TellAsync(Ticket ticket, RosterDocument roster, ChatPostRecord record, string key, string slackUserId, string chatEvent, CancellationToken cancellationToken)
    {
        if (record.Told.Contains(key, StringComparer.Ordinal))
        {
            return record;
        }

        // Slack posts a message sent to a user id into the user's conversation with Slackbot, not with the app
        // (docs.slack.dev, "Sending messages"; chat.update wants "a DM ID (starts with D) instead of a User ID"):
        // the app's own direct-message conversation comes from conversations.open.
        var direct = await chat.OpenDirectAsync(slackUserId, cancellationToken);
        var dm = ChatBlocks.Stream(direct, ticket, roster, _links.Ticket(ticket.Reference), ChatBlocks.Latest(ticket, [chatEvent]));
        await chat.PostAsync(dm, cancellationToken);
        return await posts.TrySaveAsync(record with { Told = [.. record.Told, key] }, cancellationToken)
            ?? await posts.GetAsync(ticket.Reference, cancellationToken)
            ?? record;
    }
}
