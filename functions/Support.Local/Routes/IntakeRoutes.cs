using Support.Web;

namespace Support.Local.Routes;

public static class IntakeRoutes
{
    public static void MapIntakeRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.WebInquiry), (HttpRequest request, WebInquiryEndpoint endpoint, CancellationToken ct) => endpoint.PostAsync(request, ct))
            .Gated(Gate.Public);
    }
}
