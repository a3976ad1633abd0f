using Support.Web;
using Support.Web.Bookings;

namespace Support.Local.Routes;

public static class BookingRoutes
{
    /// <summary>The public booking page and its forms; <c>/book</c> besides the address every mail links to.</summary>
    public static void MapBookingRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet(Web.Routes.LocalBookPage, (HttpRequest request, BookingEndpoints endpoint, CancellationToken ct) => endpoint.PageAsync(request, ct))
            .Gated(Gate.Public);
        app.MapGet(Web.Routes.Local(Web.Routes.BookPage), (HttpRequest request, BookingEndpoints endpoint, CancellationToken ct) => endpoint.PageAsync(request, ct))
            .Gated(Gate.Public);
        app.MapPost(Web.Routes.Local(Web.Routes.BookPage), (HttpRequest request, BookingEndpoints endpoint, CancellationToken ct) => endpoint.PostAsync(request, ct))
            .Gated(Gate.Public);
        app.MapGet(Web.Routes.Local(Web.Routes.BookingsToday), (HttpRequest request, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.TodayAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.BookingDone), (HttpRequest request, string id, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.MarkAsync(request, id, Core.Bookings.BookingStatus.Done, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.BookingNoShow), (HttpRequest request, string id, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.MarkAsync(request, id, Core.Bookings.BookingStatus.NoShow, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.BookingFree), (HttpRequest request, string id, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.FreeAsync(request, id, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.BookingReschedule), (HttpRequest request, string id, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.RescheduleAsync(request, id, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.TicketBookingLink), (string reference, StaffBookingEndpoints endpoint, CancellationToken ct) => endpoint.TicketLinkAsync(reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.BookCancel), (HttpRequest request, BookingEndpoints endpoint, CancellationToken ct) => endpoint.CancelAsync(request, ct))
            .Gated(Gate.Public);
    }
}
