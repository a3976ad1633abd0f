using Microsoft.AspNetCore.Http;
using Support.Core.Domain;
using Support.Web.Identity;

namespace Support.Web.Staff;

/// <summary>Who the staff gate says the caller is, for the console to greet and to fill "Mine" and "Take it".</summary>
/// <param name="Kind"><c>person</c> or <c>integration</c>.</param>
public sealed record MeView(string Id, string Name, string Kind, IReadOnlyList<string> Roles, bool MayManage);

/// <summary><c>GET /api/me</c>: 200 with the caller, 401 without a sign-in or key, 403 for a signed-in person not on the roster.</summary>
public sealed class MeEndpoint
{
    public IResult Get(HttpRequest request)
    {
        var actor = StaffActor.Of(request);
        return Results.Json(
            new MeView(actor.Id, actor.Person?.Name ?? actor.Id, actor.IsIntegration ? "integration" : "person", [.. (actor.Person?.Roles ?? []).Select(WireNames.Of)], actor.MayManage),
            WebJson.Default.MeView);
    }
}
