using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Bookings;

namespace Support.Functions.Triggers;

/// <summary>The booking page and its forms of Support.Local's BookingRoutes (public like the support page), and the staff's sessions.</summary>
public sealed class BookingTriggers(BookingEndpoints bookings, StaffBookingEndpoints staff)
{
    [Function("SessionsToday"), Gated(Gate.Staff)]
    public Task<IActionResult> SessionsTodayAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BookingsToday)] HttpRequest request, CancellationToken cancellationToken) =>
        staff.TodayAsync(request, cancellationToken).AsAction();

    [Function("SessionDone"), Gated(Gate.Staff)]
    public Task<IActionResult> SessionDoneAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BookingDone)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        staff.MarkAsync(request, id, Core.Bookings.BookingStatus.Done, cancellationToken).AsAction();

    [Function("SessionNoShow"), Gated(Gate.Staff)]
    public Task<IActionResult> SessionNoShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BookingNoShow)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        staff.MarkAsync(request, id, Core.Bookings.BookingStatus.NoShow, cancellationToken).AsAction();

    [Function("SessionFreeSlots"), Gated(Gate.Staff)]
    public Task<IActionResult> SessionFreeSlotsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BookingFree)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        staff.FreeAsync(request, id, cancellationToken).AsAction();

    [Function("RescheduleSession"), Gated(Gate.Staff)]
    public Task<IActionResult> RescheduleSessionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BookingReschedule)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        staff.RescheduleAsync(request, id, cancellationToken).AsAction();

    [Function("TicketBookingLink"), Gated(Gate.Staff)]
    public Task<IActionResult> TicketBookingLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TicketBookingLink)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        staff.TicketLinkAsync(reference, cancellationToken).AsAction();

    [Function("BookPage"), Gated(Gate.Public)]
    public Task<IActionResult> BookPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BookPage)] HttpRequest request, CancellationToken cancellationToken) =>
        bookings.PageAsync(request, cancellationToken).AsAction();

    [Function("Book"), Gated(Gate.Public)]
    public Task<IActionResult> BookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BookPage)] HttpRequest request, CancellationToken cancellationToken) =>
        bookings.PostAsync(request, cancellationToken).AsAction();

    [Function("CancelBooking"), Gated(Gate.Public)]
    public Task<IActionResult> CancelBookingAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BookCancel)] HttpRequest request, CancellationToken cancellationToken) =>
        bookings.CancelAsync(request, cancellationToken).AsAction();
}
