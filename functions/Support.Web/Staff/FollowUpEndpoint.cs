using Microsoft.AspNetCore.Http;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Replies;

namespace Support.Web.Staff;

/// <summary>
/// <c>POST /api/tickets/{reference}/follow-ups</c>: opens a follow-up of a closed ticket
/// (<see cref="FollowUps"/>) in the name of the staff member asking; 201 with its reference.
/// </summary>
public sealed class FollowUpEndpoint(FollowUps followUps, IRosterStore rosters)
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

        return await followUps.OpenAsync(normalized, actor!, roster, cancellationToken) switch
        {
            FollowUpOpened opened => Results.Json(new AcceptedInquiry(opened.Reference), WebJson.Default.AcceptedInquiry, statusCode: StatusCodes.Status201Created),
            FollowUpNotClosed open => Problems.Conflict($"{normalized} is {WireNames.Of(open.Status)}, not closed: reply on it instead of opening a follow-up."),
            _ => Problems.NotFound($"There is no ticket {normalized}."),
        };
    }
}
