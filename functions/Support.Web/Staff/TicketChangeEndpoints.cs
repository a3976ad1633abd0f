using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Web.Conversation;
using Support.Core.Tickets;

namespace Support.Web.Staff;

/// <summary>A staff edit of a ticket's fields (<c>PATCH /api/tickets/{reference}</c>); any of them, all optional.</summary>
public sealed record TicketPatch(string? Status, string? Assignee, string? Category, string? Severity);

/// <summary>Which ticket a duplicate goes into (<c>POST /api/tickets/{reference}/merge</c>).</summary>
public sealed record MergeRequest(string? Into);

/// <summary>
/// The staff API's write side besides replies and notes: change status, reassign, correct triage,
/// merge a duplicate. Every change names the ticket version it was made on (If-Match) and the
/// person making it (<see cref="StaffIdentity"/>), and goes on the timeline.
/// </summary>
public sealed class TicketChangeEndpoints(
    ITicketStore store,
    TicketWriter writer,
    IRosterStore rosters,
    ConversationReader conversation,
    MailComposer composer,
    IMailSender mailer,
    ICorrectionLog corrections,
    TimeProvider time,
    ILogger<TicketChangeEndpoints> logger)
{
    public const int MaxBodyBytes = 8 * 1024;

    public async Task<IResult> PatchAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var (patch, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.TicketPatch, "a JSON object", cancellationToken);
        if (patch is null)
        {
            return invalid!;
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var status = Parse<TicketStatus>(patch.Status, "status", WireNames.TryParse, errors);
        var category = Parse<Category>(patch.Category, "category", WireNames.TryParse, errors);
        var severity = Parse<Severity>(patch.Severity, "severity", WireNames.TryParse, errors);
        if (patch is { Status: null, Assignee: null, Category: null, Severity: null })
        {
            errors["body"] = "Send at least one of status, assignee, category, severity.";
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var roster = await rosters.GetAsync(cancellationToken);
            var (actor, anonymous) = StaffIdentity.Resolve(request, roster);
            if (anonymous is not null)
            {
                return anonymous;
            }

            string? assignee = null;
            if (!string.IsNullOrWhiteSpace(patch.Assignee))
            {
                assignee = roster.Find(patch.Assignee.Trim())?.Id;
                if (assignee is null)
                {
                    return Problems.Validation(new Dictionary<string, string> { ["assignee"] = $"'{StaffIdentity.Truncate(patch.Assignee)}' is not a person on the roster." });
                }
            }

            var (ticket, notFound) = await LoadAsync(reference, cancellationToken);
            if (ticket is null)
            {
                return notFound!;
            }

            if (ticket.ETag != etag)
            {
                return IfMatch.Stale(request.HttpContext, ticket);
            }

            if (ticket.Status == TicketStatus.Closed && status is not null)
            {
                return Problems.Conflict(Closed.Explain(ticket.Reference));
            }

            var now = time.GetUtcNow();
            var corrected = ticket.Correct(category, severity, actor!, now);
            if (assignee is not null && !string.Equals(assignee, ticket.Assignee, StringComparison.OrdinalIgnoreCase))
            {
                ticket.Assign(assignee, actor == assignee ? "taken by staff" : $"reassigned by {actor}", actor!, now);
            }
            else if (patch.Assignee is { } empty && string.IsNullOrWhiteSpace(empty) && ticket.Assignee is not null)
            {
                ticket.Unassign(actor!, now);
            }

            if (status is { } to)
            {
                ticket.MoveTo(to, actor!, now, "set by staff");
            }

            if (ticket.NewEvents.Count == 0)
            {
                return Current(request, ticket);
            }

            var events = string.Join(",", ticket.NewEvents.Select(e => e.Type));
            await writer.SaveAsync(ticket, cancellationToken);
            logger.LogInformation("{Reference} changed by {Actor}: {Events}", ticket.Reference, actor, events);
            await KeepCorrectionsAsync(ticket.Reference, corrected, actor!, now, cancellationToken);
            return Current(request, ticket);
        }
        catch (InvalidStatusTransitionException ex)
        {
            logger.LogInformation("{Reference}: refused status change {From} → {To}", reference, ex.From, ex.To);
            return Problems.Conflict($"{ex.Message} Allowed from {WireNames.Of(ex.From)}: {Allowed(ex.From)}.");
        }
        catch (ConcurrencyConflictException)
        {
            return await StaleAsync(request, reference, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "{Reference} could not be changed: storage unavailable", reference);
            return Problems.Unavailable();
        }
    }

    public async Task<IResult> MergeAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var (merge, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.MergeRequest, "a JSON object", cancellationToken);
        if (merge is null)
        {
            return invalid!;
        }

        var into = merge.Into?.Trim().ToUpperInvariant() ?? string.Empty;
        if (!TicketReference.IsValid(into))
        {
            return Problems.Validation(new Dictionary<string, string> { ["into"] = "into must be the reference of the ticket to keep (SUP-…)." });
        }

        try
        {
            var (actor, anonymous) = StaffIdentity.Resolve(request, await rosters.GetAsync(cancellationToken));
            if (anonymous is not null)
            {
                return anonymous;
            }

            var (duplicate, notFound) = await LoadAsync(reference, cancellationToken);
            if (duplicate is null)
            {
                return notFound!;
            }

            if (duplicate.Reference == into)
            {
                return Problems.Validation(new Dictionary<string, string> { ["into"] = "A ticket cannot be merged into itself." });
            }

            if (duplicate.ETag != etag)
            {
                return IfMatch.Stale(request.HttpContext, duplicate);
            }

            var target = await store.GetAsync(into, cancellationToken);
            if (target is null)
            {
                return Problems.NotFound($"There is no ticket {into} to merge into.");
            }

            if (target.Status == TicketStatus.Closed || target.MergedInto is not null)
            {
                return Problems.Conflict($"{into} is closed; merge into a ticket that is still being worked.");
            }

            var now = time.GetUtcNow();
            if (duplicate.MergeInto(into, actor!, now))
            {
                await writer.SaveAsync(duplicate, cancellationToken);
            }

            // A retry after a failure here finds the duplicate merged already and completes this side.
            var messages = await conversation.MessagesToMergeAsync(duplicate, cancellationToken);
            var survivor = await writer.UpdateAsync(into, t => t.RecordMergedFrom(duplicate.Reference, actor!, now, messages), cancellationToken);
            logger.LogInformation("{Duplicate} merged into {Target} by {Actor}", duplicate.Reference, into, actor);
            await TellCustomerAsync(duplicate.Reference, survivor ?? target, cancellationToken);
            return Current(request, (await store.GetAsync(duplicate.Reference, cancellationToken)) ?? duplicate);
        }
        catch (InvalidStatusTransitionException)
        {
            return Problems.Conflict($"{reference.Trim().ToUpperInvariant()} is closed already; a closed ticket cannot be merged.");
        }
        catch (ConcurrencyConflictException)
        {
            return await StaleAsync(request, reference, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "{Reference} could not be merged: storage unavailable", reference);
            return Problems.Unavailable();
        }
    }

    /// <summary>
    /// One mail to the customer saying which reference to use from now on, sent once whatever the
    /// retries (claimed and recorded on the duplicate), threaded to the surviving ticket so an answer
    /// lands there. A customer without an email address is told nothing; the timeline says so.
    /// </summary>
    private async Task TellCustomerAsync(string duplicate, Ticket survivor, CancellationToken cancellationToken)
    {
        var key = "merged:" + survivor.Reference;
        var claimId = Guid.NewGuid().ToString("N");
        var claimed = await writer.UpdateAsync(duplicate, t => t.ClaimMail(key, claimId, time.GetUtcNow(), NotificationLease) == MailClaimResult.Claimed, cancellationToken);
        if (claimed is null || !claimed.MailClaims.TryGetValue(key, out var claim) || claim.ClaimId != claimId)
        {
            return;
        }

        if (claimed.Requester.Email is not { } address)
        {
            await writer.UpdateAsync(duplicate, t => t.RecordOutcome(key, MergeNoticeSent, "-", "-", MailSendResult.Rejected("the requester has no email address"), time.GetUtcNow()), cancellationToken);
            return;
        }

        var text = $"Hello{(claimed.Requester.Name is { } name ? " " + name : string.Empty)},\n\n"
            + $"your request {duplicate} (\"{claimed.Subject}\") is about the same thing as {survivor.Reference} (\"{survivor.Subject}\"), "
            + $"so we have joined them. Please use {survivor.Reference} from now on: reply to this mail, or quote [{survivor.Reference}] in the subject.\n";
        var html = "<p>" + System.Net.WebUtility.HtmlEncode(text).Replace("\n\n", "</p><p>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";
        var mail = composer.Build(survivor, key + ":" + duplicate, [new MailAddress(address, claimed.Requester.Name)],
            $"[{survivor.Reference}] Your request {duplicate} continues as {survivor.Reference}", text, html,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Auto-Submitted"] = "auto-generated" });
        var result = await mailer.SendAsync(mail, cancellationToken);
        await writer.UpdateAsync(duplicate, t => t.RecordOutcome(key, MergeNoticeSent, address, mail.MessageId, result, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Timeline event: the customer was told which reference to use after a merge.</summary>
    public const string MergeNoticeSent = "merge-notice-sent";

    private static readonly TimeSpan NotificationLease = TimeSpan.FromSeconds(20);

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

    private async Task<(Ticket? Ticket, IResult? Problem)> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return (null, Problems.BadRequest($"'{StaffIdentity.Truncate(reference)}' is not a ticket reference (SUP- and six letters or digits)."));
        }

        var ticket = await store.GetAsync(normalized, cancellationToken);
        return ticket is null ? (null, Problems.NotFound($"There is no ticket {normalized}.")) : (ticket, null);
    }

    private async Task<IResult> StaleAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(reference.Trim().ToUpperInvariant(), cancellationToken);
        return current is null ? Problems.NotFound($"There is no ticket {reference}.") : IfMatch.Stale(request.HttpContext, current);
    }

    private static IResult Current(HttpRequest request, Ticket ticket)
    {
        request.HttpContext.Response.Headers.ETag = ticket.ETag;
        return Results.Json(TicketView.From(ticket, withTimeline: true), WebJson.Default.TicketView);
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T? Parse<T>(string? text, string name, TryParse<T> parse, Dictionary<string, string> errors)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        errors[name] = $"'{StaffIdentity.Truncate(text)}' is not a known {name}.";
        return null;
    }

    private static string Allowed(TicketStatus from) =>
        TicketStatusMachine.NextFrom(from) is { Count: > 0 } next ? string.Join(", ", next.Select(WireNames.Of)) : "nothing (it is final)";
}
