using Microsoft.AspNetCore.Http;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Replies;
using Support.Web.Identity;

namespace Support.Web.Staff;

/// <summary>
/// <c>POST /api/tickets/{reference}/follow-ups</c>: opens a follow-up of a closed ticket
/// (<see cref="FollowUps"/>) in the name of whoever the staff gate admitted; 201 with its reference.
/// </summary>
public sealed class FollowUpEndpoint(FollowUps followUps, IRosterStore rosters)
{
    public async Task<IResult> OpenAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return Problems.BadRequest($"'{Problems.Truncate(reference)}' is not a ticket reference (SUP- and six letters or digits).");
        }

        var roster = await rosters.GetAsync(cancellationToken);
        return await followUps.OpenAsync(normalized, StaffActor.Of(request).Id, roster, cancellationToken) switch
        {
            FollowUpOpened opened => Results.Json(new AcceptedInquiry(opened.Reference), WebJson.Default.AcceptedInquiry, statusCode: StatusCodes.Status201Created),
            FollowUpNotClosed open => Problems.Conflict($"{normalized} is {WireNames.Of(open.Status)}, not closed: reply on it instead of opening a follow-up."),
            _ => Problems.NotFound($"There is no ticket {normalized}."),
        };
    }
}
