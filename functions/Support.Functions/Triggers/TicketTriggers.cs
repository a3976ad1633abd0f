using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;

namespace Support.Functions.Triggers;

/// <summary>The staff routes of Support.Local's TicketRoutes; the host checks the function key.</summary>
public sealed class TicketTriggers(TicketEndpoints tickets)
{
    [Function("ListTickets"), Gated(Gate.StaffKey)]
    public Task<IActionResult> ListTicketsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Tickets)] HttpRequest request, CancellationToken cancellationToken) =>
        tickets.ListAsync(request, cancellationToken).AsAction();

    [Function("GetTicket"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetTicketAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Ticket)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        tickets.GetAsync(request, reference, cancellationToken).AsAction();
}
