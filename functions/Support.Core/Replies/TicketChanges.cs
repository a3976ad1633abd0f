using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Tickets;

namespace Support.Core.Replies;

/// <summary>A staff change to a ticket's fields, made on the version <see cref="IfMatch"/> names by <see cref="Actor"/>.</summary>
/// <param name="Assignee">A roster person id to give the ticket to; empty (or blank) to leave it without an owner; null to leave it as it is.</param>
public sealed record TicketChangeRequest(
    string Reference,
    string IfMatch,
    string Actor,
    TicketStatus? Status,
    string? Assignee,
    Category? Category,
    Severity? Severity);

public abstract record TicketChangeResult;

/// <summary>The ticket as it is now (with its version), changed or (nothing to change) as it was.</summary>
public sealed record TicketChanged(StoredTicket Stored) : TicketChangeResult
{
    public Ticket Ticket => Stored.Ticket;
}

public sealed record TicketChangeNotFound(string Message) : TicketChangeResult;

/// <summary>The reference is not one (SUP- and six letters or digits).</summary>
public sealed record TicketChangeBadReference(string Message) : TicketChangeResult;

/// <summary>The ticket changed since the version the caller presented; <see cref="Current"/> is the version it has now.</summary>
public sealed record TicketChangeStale(StoredTicket Current) : TicketChangeResult;

public sealed record TicketChangeRefused(string Field, string Reason) : TicketChangeResult;

/// <summary>The change contradicts the ticket's state (closed, a status it cannot move to, merged already).</summary>
public sealed record TicketChangeConflict(string Message) : TicketChangeResult;

/// <summary>
/// The staff's changes to a ticket besides replies and notes (<see cref="StaffReplies"/>): change status, reassign,
/// correct triage, merge a duplicate. Every change is made on the version the staff member saw and goes on the
/// timeline; the <see cref="TicketWriter"/> stores it with the indexes it moves.
/// </summary>
public sealed class TicketChanges(
    ITicketStore store,
    TicketWriter writer,
    IBlobStore blobs,
    OwedMailRules mails,
    MailOutbox outbox,
    ICorrectionLog corrections,
    IEngineeringLinks engineering,
    TimeProvider time,
    ILogger<TicketChanges> logger)
{
    /// <summary>Changes status, owner, category and severity as asked, in that order of checks; <paramref name="roster"/> names who may own it.</summary>
    public async Task<TicketChangeResult> ChangeAsync(TicketChangeRequest change, RosterDocument roster, CancellationToken cancellationToken)
    {
        string? assignee = null;
        if (!string.IsNullOrWhiteSpace(change.Assignee))
        {
            assignee = roster.Find(change.Assignee.Trim())?.Id;
            if (assignee is null)
            {
                return new TicketChangeRefused("assignee", $"'{Truncate(change.Assignee)}' is not a person on the roster.");
            }
        }

        var (stored, unchangeable) = await TicketToChange.LoadAsync(store, change.Reference, change.IfMatch, cancellationToken);
        if (stored is null)
        {
            return unchangeable!;
        }

        var ticket = stored.Ticket;
        if (ticket.Status == TicketStatus.Closed && change.Status is not null)
        {
            return new TicketChangeConflict(ClosedExplanation(ticket.Reference));
        }

        var actor = change.Actor;
        try
        {
            var now = time.GetUtcNow();
            var corrected = ticket.Correct(change.Category, change.Severity, actor, now);
            if (assignee is not null && !string.Equals(assignee, ticket.Assignee, StringComparison.OrdinalIgnoreCase))
            {
                ticket.Assign(assignee, actor == assignee ? "taken by staff" : $"reassigned by {actor}", actor, now);
            }
            else if (change.Assignee is { } empty && string.IsNullOrWhiteSpace(empty) && ticket.Assignee is not null)
            {
                ticket.Unassign(actor, now);
            }

            if (change.Status is { } to)
            {
                ticket.MoveTo(to, actor, now, "set by staff");
            }

            if (stored.NewEvents.Count == 0)
            {
                return new TicketChanged(stored);
            }

            var events = string.Join(",", stored.NewEvents.Select(e => e.Type));
            await writer.SaveAsync(stored, cancellationToken);
            logger.LogInformation("{Reference} changed by {Actor}: {Events}", ticket.Reference, actor, events);
            await KeepCorrectionsAsync(ticket.Reference, corrected, actor, now, cancellationToken);
            return new TicketChanged(stored);
        }
        catch (InvalidStatusTransitionException ex)
        {
            logger.LogInformation("{Reference}: refused status change {From} → {To}", ticket.Reference, ex.From, ex.To);
            return new TicketChangeConflict($"{ex.Message} Allowed from {WireNames.Of(ex.From)}: {Allowed(ex.From)}.");
        }
        catch (ConcurrencyConflictException)
        {
            return await StaleAsync(ticket.Reference, cancellationToken);
        }
    }

    /// <summary>
    /// Merges the duplicate <paramref name="reference"/> (at version <paramref name="ifMatch"/>) into <paramref name="into"/>:
    /// the duplicate closes as merged, its conversation is copied into the ticket kept, and its customer is told once which
    /// reference to use from now on. A retry after a failure part-way finds the duplicate merged and completes the rest.
    /// </summary>
    public async Task<TicketChangeResult> MergeAsync(string reference, string into, string ifMatch, string actor, CancellationToken cancellationToken)
    {
        var (stored, missing) = await TicketToChange.LoadAsync(store, reference, cancellationToken);
        if (stored is null)
        {
            return missing!;
        }

        var duplicate = stored.Ticket;
        if (duplicate.Reference == into)
        {
            return new TicketChangeRefused("into", "A ticket cannot be merged into itself.");
        }

        if (stored.ETag != ifMatch)
        {
            return new TicketChangeStale(stored);
        }

        var target = await store.GetAsync(into, cancellationToken);
        if (target is null)
        {
            return new TicketChangeNotFound($"There is no ticket {into} to merge into.");
        }

        if (target.Status == TicketStatus.Closed || target.MergedInto is not null)
        {
            return new TicketChangeConflict($"{into} is closed; merge into a ticket that is still being worked.");
        }

        try
        {
            var now = time.GetUtcNow();
            if (duplicate.MergeInto(into, actor, now))
            {
                await writer.SaveAsync(stored, cancellationToken);
            }

            // A retry after a failure here finds the duplicate merged already and completes this side.
            var messages = await MessagesToMergeAsync(duplicate, cancellationToken);
            if (duplicate.GitHub is { Pending: false, Number: { } issue } && target.GitHub is null)
            {
                // The index first, as the engineering handler writes it: GitHub's news must find the ticket kept.
                await engineering.AddAsync(new IssueLink(duplicate.GitHub.Repository, issue, into, Engineering.EngineeringHandler.CustomerOf(target)), cancellationToken);
            }

            var survivor = await writer.UpdateAsync(into, t => t.Ticket.RecordMergedFrom(duplicate.Reference, actor, now, messages)
                | (duplicate.GitHub is { } github && t.Ticket.AdoptGitHubIssue(github, duplicate.Reference, now)), cancellationToken);
            logger.LogInformation("{Duplicate} merged into {Target} by {Actor}", duplicate.Reference, into, actor);
            await TellCustomerAsync(duplicate.Reference, survivor?.Ticket ?? target, cancellationToken);
            return new TicketChanged((await store.LoadAsync(duplicate.Reference, cancellationToken)) ?? stored);
        }
        catch (InvalidStatusTransitionException)
        {
            return new TicketChangeConflict($"{duplicate.Reference} is closed already; a closed ticket cannot be merged.");
        }
        catch (ConcurrencyConflictException)
        {
            return await StaleAsync(duplicate.Reference, cancellationToken);
        }
    }

    /// <summary>Why nothing more goes onto a closed ticket, and what to do instead.</summary>
    public static string ClosedExplanation(string reference) =>
        $"{reference} is closed, and a closed ticket is final: no reply, note or status change can be added to it. "
        + $"Open a follow-up ticket (POST /api/tickets/{reference}/follow-ups) to carry on with the customer.";


    /// <summary>
    /// The messages of <paramref name="duplicate"/> to bring into the ticket it is merged into: the
    /// inquiry that opened it (as a customer message) and every later message, with what the
    /// conversation shows of them (text, addresses, stored HTML and attachments).
    /// </summary>
    private async Task<IReadOnlyList<TimelineEvent>> MessagesToMergeAsync(Ticket duplicate, CancellationToken cancellationToken)
    {
        var messages = new List<TimelineEvent>();
        if (await store.GetInquiryAsync(duplicate.Reference, cancellationToken) is { } inquiry)
        {
            var a = inquiry.Attributes;
            messages.Add(TimelineEvent.Create(inquiry.ReceivedAt, TimelineEventTypes.CustomerMessage, Actors.Customer,
            [
                ("from", inquiry.Requester.Email ?? inquiry.Requester.Phone),
                ("fromName", inquiry.Requester.Name),
                ("channel", WireNames.Of(inquiry.Channel)),
                ("subject", inquiry.Subject),
                ("body", InboundMailArchive.Short(await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken))),
                .. new[] { EmailInquiry.Keys.SentAt, EmailInquiry.Keys.To, EmailInquiry.Keys.Cc, EmailInquiry.Keys.FullText, EmailInquiry.Keys.Html,
                    EmailInquiry.Keys.AttachmentBlobs, EmailInquiry.Keys.AttachmentFiles }.Select(k => (k, a.GetValueOrDefault(k))),
            ]));
        }

        messages.AddRange(duplicate.Timeline.Where(e => TimelineEventTypes.Messages.Contains(e.Type)));
        return messages;
    }

    /// <summary>
    /// One mail to the customer saying which reference to use from now on, sent once whatever the retries: decided
    /// by <see cref="OwedMailRules.ClaimMergeNotice"/>, claimed on the duplicate by the writer, sent and recorded by
    /// the outbox like every other owed mail.
    /// </summary>
    private async Task TellCustomerAsync(string duplicate, Ticket survivor, CancellationToken cancellationToken)
    {
        OwedMails? notice = null;
        var claimed = await writer.UpdateAsync(duplicate, t => (notice = mails.ClaimMergeNotice(t, survivor, time.GetUtcNow())).ClaimedAny, cancellationToken);
        if (claimed is not null)
        {
            await outbox.SendClaimedAsync(claimed, notice!, cancellationToken);
        }
    }

    // The timeline holds the correction for good; the log is a copy for tuning, so a failed write is logged, not failed.
    private async Task KeepCorrectionsAsync(string reference, IReadOnlyList<FieldCorrection> corrected, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var change in corrected)
        {
            try
            {
                await corrections.RecordAsync(new TriageCorrection(reference, change.Field, change.From, change.To, actor, now), cancellationToken);
            }
            catch (StorageUnavailableException ex)
            {
                logger.LogError(ex, "{Reference}: the {Field} correction is on the timeline but not in the corrections log", reference, change.Field);
            }
        }
    }

    private async Task<TicketChangeResult> StaleAsync(string reference, CancellationToken cancellationToken)
    {
        var current = await store.LoadAsync(reference, cancellationToken);
        return current is null ? new TicketChangeNotFound($"There is no ticket {reference}.") : new TicketChangeStale(current);
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string Allowed(TicketStatus from) =>
        TicketStatusMachine.NextFrom(from) is { Count: > 0 } next ? string.Join(", ", next.Select(WireNames.Of)) : "nothing (it is final)";
}
