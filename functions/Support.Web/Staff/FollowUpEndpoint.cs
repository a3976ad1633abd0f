using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;

namespace Support.Web.Staff;

/// <summary>
/// <c>POST /api/tickets/{reference}/follow-ups</c>: a closed ticket is final, so staff who need to
/// carry on with the customer open a follow-up: a new ticket for the same requester and subject,
/// linked to the closed one and going back to its owner, through intake like any other ticket
/// (so the customer is told the new reference once). 201 with its reference.
/// </summary>
public sealed class FollowUpEndpoint(ITicketStore store, IRosterStore rosters, InquiryIntake intake, ILogger<FollowUpEndpoint> logger)
{
    public async Task<IResult> OpenAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return Problems.BadRequest($"'{StaffIdentity.Truncate(reference)}' is not a ticket reference (SUP- and six letters or digits).");
        }

        var roster = await rosters.GetAsync(cancellationToken);
        var (actor, anonymous) = StaffIdentity.Resolve(request, roster);
        if (anonymous is not null)
        {
            return anonymous;
        }

        var closed = await store.GetAsync(normalized, cancellationToken);
        if (closed is null)
        {
            return Problems.NotFound($"There is no ticket {normalized}.");
        }

        if (closed.Status != TicketStatus.Closed)
        {
            return Problems.Conflict($"{normalized} is {WireNames.Of(closed.Status)}, not closed: reply on it instead of opening a follow-up.");
        }

        var result = await intake.AcceptAsync(new InquirySubmission
        {
            Channel = closed.Channel,
            Requester = closed.Requester,
            Subject = closed.Subject,
            Body = $"Follow-up of {normalized}, opened by {roster.Find(actor)?.Name ?? actor}.",
            DedupeKey = $"follow-up:{normalized}:{Guid.NewGuid():N}",
            Region = closed.Region,
            Participants = closed.Participants,
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [PreviousOwner.FollowUpOfAttribute] = normalized },
        }, cancellationToken);
        logger.LogInformation("{Reference} follow-up of closed {Closed} opened by {Actor}", result.Reference, normalized, actor);
        return Results.Json(new AcceptedInquiry(result.Reference), WebJson.Default.AcceptedInquiry, statusCode: StatusCodes.Status201Created);
    }
}
