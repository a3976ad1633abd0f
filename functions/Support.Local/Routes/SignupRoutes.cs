using Support.Web;
using Support.Web.Signups;

namespace Support.Local.Routes;

public static class SignupRoutes
{
    public static void MapSignupRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.Signups), (HttpRequest request, SignupEndpoint endpoint, CancellationToken ct) => endpoint.PostAsync(request, ct))
            .Gated(Gate.Staff);
    }
}
