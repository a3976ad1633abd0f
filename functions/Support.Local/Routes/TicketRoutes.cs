using Support.Web;

namespace Support.Local.Routes;

public static class TicketRoutes
{
    public static void MapTicketRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet(Web.Routes.Local(Web.Routes.Tickets), (HttpRequest request, TicketEndpoints endpoint, CancellationToken ct) => endpoint.ListAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Ticket), (HttpRequest request, string reference, TicketEndpoints endpoint, CancellationToken ct) => endpoint.GetAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.TicketAttachment), (string reference, string message, string number, TicketEndpoints endpoint, CancellationToken ct) => endpoint.AttachmentAsync(reference, message, number, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.TicketRecording), (string reference, TicketEndpoints endpoint, CancellationToken ct) => endpoint.RecordingAsync(reference, ct))
            .Gated(Gate.Staff);
    }
}
