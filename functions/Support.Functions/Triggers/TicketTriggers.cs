using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Replies;

namespace Support.Functions.Triggers;

/// <summary>The staff routes of Support.Local's TicketRoutes; the host checks the function key.</summary>
public sealed class TicketTriggers(TicketEndpoints tickets, TicketReplyEndpoints replies)
{
    [Function("ListTickets"), Gated(Gate.StaffKey)]
    public Task<IActionResult> ListTicketsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Tickets)] HttpRequest request, CancellationToken cancellationToken) =>
        tickets.ListAsync(request, cancellationToken).AsAction();

    [Function("GetTicket"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetTicketAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Ticket)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        tickets.GetAsync(request, reference, cancellationToken).AsAction();

    [Function("GetTicketAttachment"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetAttachmentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TicketAttachment)] HttpRequest request, string reference, string message, string number, CancellationToken cancellationToken) =>
        tickets.AttachmentAsync(reference, message, number, cancellationToken).AsAction();

    [Function("GetTicketRecording"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetRecordingAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TicketRecording)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        tickets.RecordingAsync(reference, cancellationToken).AsAction();

    [Function("ReplyToTicket"), Gated(Gate.StaffKey)]
    public Task<IActionResult> ReplyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.TicketReplies)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        replies.ReplyAsync(request, reference, cancellationToken).AsAction();

    [Function("AddTicketNote"), Gated(Gate.StaffKey)]
    public Task<IActionResult> NoteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.TicketNotes)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        replies.NoteAsync(request, reference, cancellationToken).AsAction();
}
