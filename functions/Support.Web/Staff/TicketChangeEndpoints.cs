using Microsoft.AspNetCore.Http;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Replies;
using Support.Web.Identity;
using Support.Core.Tickets;

namespace Support.Web.Staff;

/// <summary>A staff edit of a ticket's fields (<c>PATCH /api/tickets/{reference}</c>); any of them, all optional.</summary>
public sealed record TicketPatch(string? Status, string? Assignee, string? Category, string? Severity);

/// <summary>Which ticket a duplicate goes into (<c>POST /api/tickets/{reference}/merge</c>).</summary>
public sealed record MergeRequest(string? Into);

/// <summary>The body of <c>POST /api/tickets/{ref}/escalate</c>: why it needs technical support (optional).</summary>
public sealed record EscalateRequest(string? Why);

/// <summary>
/// The staff API's write side besides replies and notes (<c>PATCH</c> a ticket, merge a duplicate): binds the
/// request, records who makes the change (<see cref="StaffActor"/>, from the sign-in or the integration key) and the version it was made on
/// (If-Match), hands it to <see cref="TicketChanges"/>, and answers with what came of it.
/// </summary>
public sealed class TicketChangeEndpoints(TicketChanges changes, Escalations escalations, IRosterStore rosters)
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

        var roster = await rosters.GetAsync(cancellationToken);
        var change = new TicketChangeRequest(reference, etag!, StaffActor.Of(request).Id, status, patch.Assignee, category, severity);
        return Answer(request, await changes.ChangeAsync(change, roster, cancellationToken));
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

        return Answer(request, await changes.MergeAsync(reference, into, etag!, StaffActor.Of(request).Id, cancellationToken));
    }

    /// <summary><c>POST /api/tickets/{ref}/escalate</c>: to the technical person on duty (or the next eligible), as the signed-in person.</summary>
    public async Task<IResult> EscalateAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var (escalate, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.EscalateRequest, "a JSON object", cancellationToken);
        if (escalate is null)
        {
            return invalid!;
        }

        return Answer(request, await escalations.EscalateAsync(reference, etag!, StaffActor.Of(request).Id, escalate.Why, cancellationToken));
    }

    private static IResult Answer(HttpRequest request, TicketChangeResult result) => result switch
    {
        TicketChanged changed => Current(request, changed.Stored),
        TicketChangeStale stale => IfMatch.Stale(request.HttpContext, stale.Current),
        TicketChangeRefused refused => Problems.Validation(new Dictionary<string, string> { [refused.Field] = refused.Reason }),
        TicketChangeConflict conflict => Problems.Conflict(conflict.Message),
        TicketChangeBadReference bad => Problems.BadRequest(bad.Message),
        TicketChangeNotFound notFound => Problems.NotFound(notFound.Message),
        _ => throw new InvalidOperationException($"No answer for {result.GetType().Name}."),
    };

    private static IResult Current(HttpRequest request, StoredTicket stored)
    {
        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return Results.Json(TicketView.From(stored.Ticket, withTimeline: true), WebJson.Default.TicketView);
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

        errors[name] = $"'{Problems.Truncate(text)}' is not a known {name}.";
        return null;
    }
}
