using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Replies;
using Support.Core.Tickets;
using Support.Web.Email;
using Support.Web.Identity;

namespace Support.Web.Replies;

/// <summary>
/// <c>POST /api/tickets/{reference}/replies</c> and <c>/notes</c>: the signed-in person answers the
/// customer (mailed, threaded, signed with their name) or adds an internal note; an integration key
/// may add notes (recorded as the integration) but never a reply. Both require <c>If-Match</c>; a reply
/// answers 202 (the mail is on its way), a note 200, each with the updated ticket and its ETag.
/// </summary>
public sealed class TicketReplyEndpoints(StaffReplies replies)
{
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly IResult IntegrationCannotSign = Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "An integration cannot write to a customer.",
        detail: "A reply goes out signed by a person, so it needs a person signed in; an integration key may add a note instead.");

    public Task<IResult> ReplyAsync(HttpRequest request, string reference, CancellationToken cancellationToken) =>
        SubmitAsync(request, reference, internalNote: false, cancellationToken);

    public Task<IResult> NoteAsync(HttpRequest request, string reference, CancellationToken cancellationToken) =>
        SubmitAsync(request, reference, internalNote: true, cancellationToken);

    private async Task<IResult> SubmitAsync(HttpRequest request, string reference, bool internalNote, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(request);
        if (!internalNote && actor.IsIntegration)
        {
            return IntegrationCannotSign;
        }

        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return Problems.BadRequest("That is not a ticket reference (SUP- and six letters or digits).");
        }

        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        StaffReplyBody? input;
        try
        {
            input = JsonSerializer.Deserialize(body, EmailJson.Default.StaffReplyBody);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not valid JSON: {ex.Message}");
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input?.Body))
        {
            errors["body"] = "Write the text of the " + (internalNote ? "note." : "reply.");
        }

        TicketStatus? status = null;
        if (input?.Status is { } text)
        {
            if (internalNote)
            {
                errors["status"] = "A note does not change the status.";
            }
            else if (WireNames.TryParse(text, out TicketStatus parsed) && StaffReplies.ReplyStatuses.Contains(parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = "A reply leaves the ticket pending, open or solved.";
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await replies.SubmitAsync(new StaffReplyRequest(normalized, actor.Id, input!.Body!, internalNote, status, etag), cancellationToken);
        return result switch
        {
            StaffReplyRecorded recorded => Updated(request.HttpContext, recorded.Stored, internalNote),
            StaffReplyStale stale => IfMatch.Stale(request.HttpContext, stale.Current),
            StaffReplyClosed => Problems.Conflict(TicketChanges.ClosedExplanation(normalized)),
            StaffReplyRefused refused => Problems.Validation(new Dictionary<string, string> { [refused.Field] = refused.Reason }),
            _ => Problems.NotFound($"There is no ticket {normalized}."),
        };
    }

    private static IResult Updated(HttpContext context, StoredTicket stored, bool internalNote)
    {
        context.Response.Headers.ETag = stored.ETag;
        return Results.Json(TicketView.From(stored.Ticket, withTimeline: true), WebJson.Default.TicketView,
            statusCode: internalNote ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }
}

public sealed record StaffReplyBody(string? Body, string? Status);
