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
    [Function("ListTickets"), Gated(Gate.Staff)]
    public Task<IActionResult> ListTicketsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Tickets)] HttpRequest request, CancellationToken cancellationToken) =>
        tickets.ListAsync(request, cancellationToken).AsAction();

    [Function("GetTicket"), Gated(Gate.Staff)]
    public Task<IActionResult> GetTicketAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Ticket)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        tickets.GetAsync(request, reference, cancellationToken).AsAction();

    [Function("GetTicketAttachment"), Gated(Gate.Staff)]
    public Task<IActionResult> GetAttachmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TicketAttachment)] HttpRequest request, string reference, string message, string number, CancellationToken cancellationToken) =>
        tickets.AttachmentAsync(reference, message, number, cancellationToken).AsAction();

    [Function("GetTicketRecording"), Gated(Gate.Staff)]
    public Task<IActionResult> GetRecordingAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TicketRecording)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        tickets.RecordingAsync(reference, cancellationToken).AsAction();

    [Function("ReplyToTicket"), Gated(Gate.Staff)]
    public Task<IActionResult> ReplyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketReplies)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        replies.ReplyAsync(request, reference, cancellationToken).AsAction();

    [Function("AddTicketNote"), Gated(Gate.Staff)]
    public Task<IActionResult> NoteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketNotes)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        replies.NoteAsync(request, reference, cancellationToken).AsAction();
}
