using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Support.Core.Engineering;
using Support.Core.Replies;
using Support.Core.Tickets;
using Support.Web.Identity;

namespace Support.Web.Engineering;

/// <summary>What staff ask of GitHub for a ticket: a new issue in <see cref="Repository"/>, or a link to issue <see cref="Issue"/> there.</summary>
public sealed record GitHubLogRequest(string? Repository, int? Issue);

/// <summary>The title a feature request goes to the forum under (the ticket's subject when absent).</summary>
public sealed record ForumProposal(string? Title);

/// <summary>The repositories staff may log a ticket in (the default first); empty when GitHub is not configured.</summary>
public sealed record GitHubRepositoriesView(IReadOnlyList<string> Repositories);

/// <summary>
/// The console's "Log in GitHub" and "Post to the forum": <c>POST /api/tickets/{reference}/github</c> and <c>/forum</c> (If-Match required, like every ticket
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

        return Answer(request, await requests.LogAsync(reference, etag!, StaffActor.Of(request).Id, body.Repository, body.Issue, cancellationToken));
    }

    /// <summary><c>POST /api/tickets/{reference}/forum</c>: staff confirm a feature request for the public forum (one click, the title editable).</summary>
    public async Task<IResult> ProposeAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (etag, missing) = IfMatch.Require(request);
        if (missing is not null)
        {
            return missing;
        }

        var (body, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.ForumProposal, "a JSON object", cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        return Answer(request, await requests.ProposeAsync(reference, etag!, StaffActor.Of(request).Id, body.Title, cancellationToken));
    }

    private static IResult Answer(HttpRequest request, TicketChangeResult result) =>
        result switch
        {
            TicketChanged changed => Accepted(request, changed.Stored),
            TicketChangeStale stale => IfMatch.Stale(request.HttpContext, stale.Current),
            TicketChangeRefused refused => Problems.Validation(new Dictionary<string, string> { [refused.Field] = refused.Reason }),
            TicketChangeConflict conflict => Problems.Conflict(conflict.Message),
            TicketChangeBadReference bad => Problems.BadRequest(bad.Message),
            TicketChangeNotFound notFound => Problems.NotFound(notFound.Message),
            _ => throw new InvalidOperationException($"No answer for {result.GetType().Name}."),
        };

    private static IResult Accepted(HttpRequest request, StoredTicket stored)
    {
        request.HttpContext.Response.Headers.ETag = stored.ETag;
        return Results.Json(TicketView.From(stored.Ticket, withTimeline: true), WebJson.Default.TicketView, statusCode: StatusCodes.Status202Accepted);
    }
}
