using Microsoft.AspNetCore.Http;
using Support.Core.Ports;

namespace Support.Web.Identity;

/// <summary>
/// The gate of every staff route, in both hosts: the acting person comes from the sign-in only (and
/// must be on the roster), or the caller is a machine with an integration key; nothing else a request
/// says (a header, a body field) names who acts. A signed-in browser's state changes must carry
/// <see cref="ConsoleHeader"/>: a cross-site form cannot set a header, and a cross-site script
/// cannot send one without a CORS preflight, which this app never grants.
/// </summary>
public sealed class StaffGate(ISignInReader signIn, IntegrationKeys keys, IRosterStore rosters)
{
    public const string ConsoleHeader = "x-support-console";

    public async Task<IResult?> AdmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Query.ContainsKey(IntegrationKeys.QueryName))
        {
            return Problems.Unauthorized($"Send a key in the {IntegrationKeys.HeaderName} header only: a key in the URL ends up in logs and browser history, so ?{IntegrationKeys.QueryName}= is refused.");
        }

        if (signIn.Read(request) is { } user)
        {
            var roster = await rosters.GetAsync(cancellationToken);
            var person = user.RosterId is { } id ? roster.Find(id) : roster.FindByEmail(user.Email);
            if (person is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You are not on the support roster.",
                    detail: $"You are signed in as {user.Name}, but no person on the roster has that address; ask a manager to add you.");
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && string.IsNullOrEmpty(request.Headers[ConsoleHeader].ToString()))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused.",
                    detail: $"A change made with a sign-in must come from the console (it sends the {ConsoleHeader} header).");
            }

            StaffActor.For(person).AttachTo(request.HttpContext);
            return null;
        }

        if (keys.NameOf(request.Headers[IntegrationKeys.HeaderName].ToString()) is { } name)
        {
            StaffActor.Integration(name).AttachTo(request.HttpContext);
            return null;
        }

        return Problems.Unauthorized();
    }
}
