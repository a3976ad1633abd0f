using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Bookings;

namespace Support.Functions.Triggers;

/// <summary>The booking page and its forms of Support.Local's BookingRoutes, public like the support page.</summary>
public sealed class BookingTriggers(BookingEndpoints bookings)
{
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
