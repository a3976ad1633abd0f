using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Support.Core.Engineering;
using Support.Core.Replies;
using Support.Core.Tickets;
using Support.Web.Identity;

namespace Support.Web.Engineering;

/// <summary>What staff ask of GitHub for a ticket: a new issue in <see cref="Repository"/>, or a link to issue <see cref="Issue"/> there.</summary>
public sealed record GitHubLogRequest(string? Repository, int? Issue);

/// <summary>The repositories staff may log a ticket in (the default first); empty when GitHub is not configured.</summary>
public sealed record GitHubRepositoriesView(IReadOnlyList<string> Repositories);

/// <summary>
/// The console's "Log in GitHub": <c>POST /api/tickets/{reference}/github</c> (If-Match required, like every ticket
/// change) hands the request to <see cref="EngineeringRequests"/> and answers 202 with the ticket as it now stands (its
/// <c>github</c> pending until the engineering queue has done it); <c>GET /api/integrations/github/repositories</c>
/// lists the repositories to choose from.
/// </summary>
public sealed class EngineeringEndpoints(EngineeringRequests requests, IOptions<GitHubOptions> options)
{
    public const int MaxBodyBytes = 4 * 1024;

    public IResult Repositories() =>
        Results.Json(new GitHubRepositoriesView(options.Value.Repositories), WebJson.Default.GitHubRepositoriesView);

    public async Task<IResult> LogAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var (body, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.GitHubLogRequest, "a JSON object", cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        var result = await requests.LogAsync(reference, etag!, StaffActor.Of(request).Id, body.Repository, body.Issue, cancellationToken);
        return result switch
        {
            TicketChanged changed => Accepted(request, changed.Stored),
            TicketChangeStale stale => IfMatch.Stale(request.HttpContext, stale.Current),
            TicketChangeRefused refused => Problems.Validation(new Dictionary<string, string> { [refused.Field] = refused.Reason }),
            TicketChangeConflict conflict => Problems.Conflict(conflict.Message),
            TicketChangeBadReference bad => Problems.BadRequest(bad.Message),
            TicketChangeNotFound notFound => Problems.NotFound(notFound.Message),
            _ => throw new InvalidOperationException($"No answer for {result.GetType().Name}."),
        };
    }

    private static IResult Accepted(HttpRequest request, StoredTicket stored)
    {
        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return Results.Json(TicketView.From(stored.Ticket, withTimeline: true), WebJson.Default.TicketView, statusCode: StatusCodes.Status202Accepted);
    }
}
