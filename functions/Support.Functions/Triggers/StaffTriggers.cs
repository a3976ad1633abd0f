using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Pages;
using Support.Web.Signups;
using Support.Web.Staff;

namespace Support.Functions.Triggers;

/// <summary>The pages and staff API of Support.Local's StaffRoutes; the host checks the function key on staff routes.</summary>
public sealed class StaffTriggers(TicketChangeEndpoints changes, RosterEndpoints roster, MacroEndpoints macros, MetricsEndpoints metrics, SignupEndpoint signups, FollowUpEndpoint followUps, ContactEndpoints contacts)
{
    [Function("SupportPage"), Gated(Gate.Public)]
    public IActionResult SupportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FunctionsWebFormPage)] HttpRequest request) =>
        WebFormPage.Form().AsAction();

    [Function("ConsolePage"), Gated(Gate.Public)]
    public IActionResult ConsolePageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FunctionsConsolePage)] HttpRequest request) =>
        ConsolePage.Render().AsAction();

    [Function("UpdateTicket"), Gated(Gate.StaffKey)]
    public Task<IActionResult> UpdateTicketAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = Routes.Ticket)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        changes.PatchAsync(request, reference, cancellationToken).AsAction();

    [Function("MergeTicket"), Gated(Gate.StaffKey)]
    public Task<IActionResult> MergeTicketAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.TicketMerge)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        changes.MergeAsync(request, reference, cancellationToken).AsAction();

    [Function("OpenFollowUp"), Gated(Gate.StaffKey)]
    public Task<IActionResult> OpenFollowUpAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.TicketFollowUps)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        followUps.OpenAsync(request, reference, cancellationToken).AsAction();

    [Function("GetContact"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetContactAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Contact)] HttpRequest request, string key, CancellationToken cancellationToken) =>
        contacts.GetAsync(key, cancellationToken).AsAction();

    [Function("LinkContact"), Gated(Gate.StaffKey)]
    public Task<IActionResult> LinkContactAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.ContactLink)] HttpRequest request, string key, string other, CancellationToken cancellationToken) =>
        contacts.LinkAsync(request, key, other, linked: true, cancellationToken).AsAction();

    [Function("UnlinkContact"), Gated(Gate.StaffKey)]
    public Task<IActionResult> UnlinkContactAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.ContactLink)] HttpRequest request, string key, string other, CancellationToken cancellationToken) =>
        contacts.LinkAsync(request, key, other, linked: false, cancellationToken).AsAction();

    [Function("GetRoster"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetRosterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Roster)] HttpRequest request, CancellationToken cancellationToken) =>
        roster.GetAsync(request, cancellationToken).AsAction();

    [Function("PutRoster"), Gated(Gate.StaffKey)]
    public Task<IActionResult> PutRosterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.Roster)] HttpRequest request, CancellationToken cancellationToken) =>
        roster.PutAsync(request, cancellationToken).AsAction();

    [Function("GetMacros"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Macros)] HttpRequest request, CancellationToken cancellationToken) =>
        macros.GetAsync(request, cancellationToken).AsAction();

    [Function("PutMacros"), Gated(Gate.StaffKey)]
    public Task<IActionResult> PutMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Routes.Macros)] HttpRequest request, CancellationToken cancellationToken) =>
        macros.PutAsync(request, cancellationToken).AsAction();

    [Function("GetTicketMacros"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetTicketMacrosAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TicketMacros)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        macros.ForTicketAsync(request, reference, cancellationToken).AsAction();

    [Function("GetMetrics"), Gated(Gate.StaffKey)]
    public Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Metrics)] HttpRequest request, CancellationToken cancellationToken) =>
        metrics.GetAsync(request, cancellationToken).AsAction();

    [Function("ListTriageCorrections"), Gated(Gate.StaffKey)]
    public Task<IActionResult> ListTriageCorrectionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.TriageCorrections)] HttpRequest request, CancellationToken cancellationToken) =>
        metrics.CorrectionsAsync(request, cancellationToken).AsAction();

    [Function("RecordSignup"), Gated(Gate.StaffKey)]
    public Task<IActionResult> RecordSignupAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Signups)] HttpRequest request, CancellationToken cancellationToken) =>
        signups.PostAsync(request, cancellationToken).AsAction();
}
