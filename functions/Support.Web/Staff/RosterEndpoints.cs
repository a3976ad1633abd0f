using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Web.Identity;

namespace Support.Web.Staff;

/// <summary>
/// <c>GET</c>/<c>PUT /api/roster</c>: the team, their hours and rotations, replaced whole, only when valid
/// and only by a manager (or an integration key: the first roster goes in with one). A <c>PUT</c> names the version it was made on (<c>If-Match</c> with the ETag from <c>GET</c>;
/// only the first roster goes without), so two admins editing at once never overwrite each other:
/// 428 without it, 412 with the current roster when someone saved meanwhile.
/// </summary>
public sealed class RosterEndpoints(IRosterStore rosters, ILogger<RosterEndpoints> logger)
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Who saved the version answered (a roster id or <c>integration:&lt;name&gt;</c>).</summary>
    public const string SavedByHeader = "x-saved-by";

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        return Versioned(request.HttpContext, await rosters.GetForEditAsync(cancellationToken), StatusCodes.Status200OK);
    }

    public async Task<IResult> PutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(request);
        if (!actor.MayManage)
        {
            return StaffActor.NotManager("the roster");
        }

        if (!string.Equals(request.ContentType?.Split(';', 2)[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("application/json");
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        RosterDocument? roster;
        try
        {
            roster = JsonSerializer.Deserialize(body, SupportJson.Default.RosterDocument);
        }
        catch (JsonException ex)
        {
            logger.LogInformation("Roster refused: not a roster document ({Error})", ex.Message);
            return Problems.BadRequest($"The body is not a roster document: {ex.Message}");
        }

        var problems = RosterValidator.Validate(roster);
        if (problems.Count > 0)
        {
            logger.LogInformation("Roster refused: {Count} problem(s) at {Paths}", problems.Count, string.Join(",", problems.Select(p => p.Path)));
            return Results.ValidationProblem(
                problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
                title: "The roster has problems.",
                detail: "Nothing was saved; every problem is listed under errors by its path in the document.");
        }

        var save = await rosters.SaveAsync(roster!, actor.Id, IfMatch.Of(request), cancellationToken);
        switch (save.Status)
        {
            case RosterSaveStatus.VersionRequired:
                return IfMatch.Missing("GET /api/roster");
            case RosterSaveStatus.Stale:
                logger.LogInformation("Roster refused: changed since the version it was edited from");
                return Versioned(request.HttpContext, save.Current!, StatusCodes.Status412PreconditionFailed);
        }

        logger.LogInformation("Roster saved by {Staff}: {People} people, {Rotations} rotation(s)",
            actor.Id, roster!.People.Count, roster.Rotations.Count);
        return Versioned(request.HttpContext, save.Current!, StatusCodes.Status200OK);
    }

    private static IResult Versioned(HttpContext context, VersionedRoster roster, int status)
    {
        if (roster.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag;
        }

        if (roster.SavedBy is { } savedBy)
        {
            context.Response.Headers[SavedByHeader] = savedBy;
        }

        return Results.Json(roster.Roster, SupportJson.Default.RosterDocument, statusCode: status);
    }
}
