using Microsoft.AspNetCore.Http;

namespace Support.Web;

/// <summary>
/// Optimistic concurrency for staff edits: changes must name the version they were made on
/// (<c>If-Match</c> with the ETag from <c>GET</c>); 428 without it, 412 with the current ticket when stale.
/// </summary>
public static class IfMatch
{
    /// <summary>The ETag the client presented, or the 428 answer when it presented none.</summary>
    public static (string? ETag, IResult? Problem) Require(HttpRequest request) =>
        Of(request) is { } etag ? (etag, null) : (null, Missing("GET /api/tickets/{reference}"));

    /// <summary>The ETag the client presented; null when none.</summary>
    public static string? Of(HttpRequest request) =>
        request.Headers.IfMatch.ToString().Trim() is { Length: > 0 } value ? value : null;

    /// <summary>428: the change must name the version, from the ETag of <paramref name="readFrom"/>.</summary>
    public static IResult Missing(string readFrom) =>
        Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.", detail: $"Send the ETag from {readFrom} as If-Match, so a change made meanwhile by someone else is never overwritten.");

    /// <summary>412 with the current ticket, so the client can show what changed and retry.</summary>
    public static IResult Stale(HttpContext context, Support.Core.Tickets.StoredTicket current)
    {
        context.Response.Headers.ETag = current.ETag;
        return Results.Json(TicketView.From(current.Ticket, withTimeline: true), WebJson.Default.TicketView, statusCode: StatusCodes.Status412PreconditionFailed);
    }
}
