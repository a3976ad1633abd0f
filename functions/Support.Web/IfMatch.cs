using Microsoft.AspNetCore.Http;

namespace Support.Web;

/// <summary>
/// Optimistic concurrency for staff edits: changes must name the version they were made on
/// (<c>If-Match</c> with the ETag from <c>GET</c>); 428 without it, 412 with the current ticket when stale.
/// </summary>
public static class IfMatch
{
    /// <summary>The ETag the client presented, or the 428 answer when it presented none.</summary>
    public static (string? ETag, IResult? Problem) Require(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        return string.IsNullOrEmpty(value)
            ? (null, Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.", detail: "Send the ETag from GET /api/tickets/{reference} as If-Match, so a change made meanwhile by someone else is never overwritten."))
            : (value, null);
    }

    /// <summary>412 with the current ticket, so the client can show what changed and retry.</summary>
    public static IResult Stale(HttpContext context, Support.Core.Domain.Ticket current)
    {
        context.Response.Headers.ETag = current.ETag;
        return Results.Json(TicketView.From(current, withTimeline: true), WebJson.Default.TicketView, statusCode: StatusCodes.Status412PreconditionFailed);
    }
}
