using Support.Web;
using Support.Web.Email;
using Support.Web.Replies;

namespace Support.Local.Routes;

public static class EmailRoutes
{
    /// <summary>SendGrid Inbound Parse, and the staff replies and notes that go out as mail.</summary>
    public static void MapEmailRoutes(this IEndpointRouteBuilder app)
    {
        app.MapPost(Web.Routes.Local(Web.Routes.InboundEmail), (HttpRequest request, InboundEmailEndpoint endpoint, CancellationToken ct) => endpoint.PostAsync(request, ct))
            .Gated(Gate.InboundEmailKey);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketReplies), (HttpRequest request, string reference, TicketReplyEndpoints endpoint, CancellationToken ct) => endpoint.ReplyAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketNotes), (HttpRequest request, string reference, TicketReplyEndpoints endpoint, CancellationToken ct) => endpoint.NoteAsync(request, reference, ct))
            .Gated(Gate.Staff);
    }
}
