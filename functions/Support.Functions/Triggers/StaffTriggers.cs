using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Pages;
using Support.Web.Signups;
using Support.Web.Staff;

namespace Support.Functions.Triggers;

/// <summary>The pages and staff API of Support.Local's StaffRoutes; staff routes are anonymous to the host and checked by the worker's gate (sign-in or integration key).</summary>
public sealed class StaffTriggers(TicketChangeEndpoints changes, RosterEndpoints roster, MacroEndpoints macros, MetricsEndpoints metrics, SignupEndpoint signups, FollowUpEndpoint followUps, ContactEndpoints contacts, MeEndpoint me)
{
    [Function("SupportPage"), Gated(Gate.Public)]
    public IActionResult SupportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FunctionsWebFormPage)] HttpRequest request) =>
        WebFormPage.Form().AsAction();

    [Function("ConsolePage"), Gated(Gate.Public)]
    public IActionResult ConsolePageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FunctionsConsolePage)] HttpRequest request) =>
        ConsolePage.Render().AsAction();

    [Function("UpdateTicket"), Gated(Gate.Staff)]
    public Task<IActionResult> UpdateTicketAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Routes.Ticket)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        changes.PatchAsync(request, reference, cancellationToken).AsAction();

    [Function("MergeTicket"), Gated(Gate.Staff)]
    public Task<IActionResult> MergeTicketAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketMerge)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        changes.MergeAsync(request, reference, cancellationToken).AsAction();

    [Function("EscalateTicket"), Gated(Gate.Staff)]
    public Task<IActionResult> EscalateTicketAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketEscalate)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        changes.EscalateAsync(request, reference, cancellationToken).AsAction();

    [Function("OpenFollowUp"), Gated(Gate.Staff)]
    public Task<IActionResult> OpenFollowUpAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketFollowUps)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        followUps.OpenAsync(request, reference, cancellationToken).AsAction();

    [Function("GetContact"), Gated(Gate.Staff)]
    public Task<IActionResult> GetContactAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Contact)] HttpRequest request, string key, CancellationToken cancellationToken) =>
        contacts.GetAsync(key, cancellationToken).AsAction();

    [Function("LinkContact"), Gated(Gate.Staff)]
    public Task<IActionResult> LinkContactAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.ContactLink)] HttpRequest request, string key, string other, CancellationToken cancellationToken) =>
        contacts.LinkAsync(request, key, other, linked: true, cancellationToken).AsAction();

    [Function("UnlinkContact"), Gated(Gate.Staff)]
    public Task<IActionResult> UnlinkContactAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.ContactLink)] HttpRequest request, string key, string other, CancellationToken cancellationToken) =>
        contacts.LinkAsync(request, key, other, linked: false, cancellationToken).AsAction();

    [Function("GetRoster"), Gated(Gate.Staff)]
    public Task<IActionResult> GetRosterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Roster)] HttpRequest request, CancellationToken cancellationToken) =>
        roster.GetAsync(request, cancellationToken).AsAction();

    [Function("PutRoster"), Gated(Gate.Staff)]
    public Task<IActionResult> PutRosterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Roster)] HttpRequest request, CancellationToken cancellationToken) =>
        roster.PutAsync(request, cancellationToken).AsAction();

    [Function("GetMacros"), Gated(Gate.Staff)]
    public Task<IActionResult> GetMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Macros)] HttpRequest request, CancellationToken cancellationToken) =>
        macros.GetAsync(request, cancellationToken).AsAction();

    [Function("PutMacros"), Gated(Gate.Staff)]
    public Task<IActionResult> PutMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Macros)] HttpRequest request, CancellationToken cancellationToken) =>
        macros.PutAsync(request, cancellationToken).AsAction();

    [Function("GetTicketMacros"), Gated(Gate.Staff)]
    public Task<IActionResult> GetTicketMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TicketMacros)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        macros.ForTicketAsync(request, reference, cancellationToken).AsAction();

    [Function("GetMe"), Gated(Gate.Staff)]
    public IActionResult GetMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Me)] HttpRequest request) =>
        me.Get(request).AsAction();

    [Function("GetMetrics"), Gated(Gate.Staff)]
    public Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Metrics)] HttpRequest request, CancellationToken cancellationToken) =>
        metrics.GetAsync(request, cancellationToken).AsAction();

    [Function("GetPapercuts"), Gated(Gate.Staff)]
    public Task<IActionResult> GetPapercutsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Papercuts)] HttpRequest request, CancellationToken cancellationToken) =>
        metrics.PapercutsAsync(request, cancellationToken).AsAction();

    [Function("ListTriageCorrections"), Gated(Gate.Staff)]
    public Task<IActionResult> ListTriageCorrectionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TriageCorrections)] HttpRequest request, CancellationToken cancellationToken) =>
        metrics.CorrectionsAsync(request, cancellationToken).AsAction();

    [Function("RecordSignup"), Gated(Gate.Staff)]
    public Task<IActionResult> RecordSignupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Signups)] HttpRequest request, CancellationToken cancellationToken) =>
        signups.PostAsync(request, cancellationToken).AsAction();
}
