using System.Text.Json.Nodes;
using Support.Core.Ports;
using Support.Local.SignIn;
using Support.Web;
using Support.Web.Identity;

namespace Support.Local.Routes;

/// <summary>
/// Easy Auth's routes, on one machine: <c>/.auth/login/dev</c> (this machine only) instead of
/// <c>/.auth/login/aad</c>, and <c>/.auth/me</c> and <c>/.auth/logout</c> with Easy Auth's shapes.
/// </summary>
public static class SignInRoutes
{
    public const string Login = "/.auth/login/dev";
    public const string Me = "/.auth/me";
    public const string Logout = "/.auth/logout";

    public static void MapSignInRoutes(this IEndpointRouteBuilder app, bool development)
    {
        if (development)
        {
            app.MapGet(Login, async (HttpRequest request, DevSignIn signIn, IRosterStore rosters, CancellationToken ct) =>
            {
                var user = request.Query["user"].ToString().Trim();
                if (user.Length == 0)
                {
                    return Problems.BadRequest("Name who signs in: ?user=<roster id or address>.");
                }

                // A roster id must name someone; an address signs in as whoever has it, so the API can be seen refusing a stranger.
                if (!user.Contains('@', StringComparison.Ordinal) && (await rosters.GetAsync(ct)).Find(user) is null)
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not on the roster.", detail: $"'{Problems.Truncate(user)}' is not a roster id.");
                }

                signIn.SignIn(request.HttpContext.Response, user);
                return Results.Redirect(LocalPath(request.Query["post_login_redirect_uri"].ToString()));
            }).Gated(Gate.DevOnly);
        }

        app.MapGet(Me, (HttpRequest request, DevSignIn signIn) =>
        {
            if (signIn.Read(request) is not { } user)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.", detail: $"Sign in at {Login}?user=<roster id>.");
            }

            var claims = new JsonArray { Claim("name", user.Name) };
            if (user.Email is { } email)
            {
                claims.Add(Claim("preferred_username", email));
            }

            if (user.RosterId is { } id)
            {
                claims.Add(Claim("roster_id", id));
            }

            var me = new JsonArray { new JsonObject { ["provider_name"] = "dev", ["user_id"] = user.Email ?? user.RosterId, ["user_claims"] = claims } };
            return Results.Content(me.ToJsonString(), "application/json");
        }).Gated(Gate.Public);

        app.MapGet(Logout, (HttpRequest request) =>
        {
            DevSignIn.SignOut(request.HttpContext.Response);
            return Results.Redirect(LocalPath(request.Query["post_logout_redirect_uri"].ToString()));
        }).Gated(Gate.Public);
    }

    private static JsonObject Claim(string type, string value) => new() { ["typ"] = type, ["val"] = value };

    // Only a path on this site: an open redirect would let a link to our sign-in send people anywhere.
    private static string LocalPath(string requested) =>
        requested.StartsWith('/') && !requested.StartsWith("//", StringComparison.Ordinal) && !requested.Contains('\\', StringComparison.Ordinal)
            ? requested
            : Web.Routes.ConsolePage;
}
