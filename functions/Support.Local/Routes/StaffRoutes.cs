using Support.Web;
using Support.Web.Pages;
using Support.Web.Staff;

namespace Support.Local.Routes;

public static class StaffRoutes
{
    /// <summary>The public support page, the staff console and the staff API besides replies and notes.</summary>
    public static void MapStaffRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet(Web.Routes.WebFormPage, () => WebFormPage.Form())
            .Gated(Gate.Public);
        app.MapGet(Web.Routes.ConsolePage, () => ConsolePage.Render(devSignIn: true))
            .Gated(Gate.Public);

        // The same pages where the Functions app serves them, the addresses every mail links to.
        app.MapGet(Web.Routes.Local(Web.Routes.FunctionsWebFormPage), () => WebFormPage.Form())
            .Gated(Gate.Public);
        app.MapGet(Web.Routes.Local(Web.Routes.FunctionsConsolePage), () => ConsolePage.Render(devSignIn: true))
            .Gated(Gate.Public);

        app.MapMethods(Web.Routes.Local(Web.Routes.Ticket), ["PATCH"], (HttpRequest request, string reference, TicketChangeEndpoints endpoint, CancellationToken ct) => endpoint.PatchAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketMerge), (HttpRequest request, string reference, TicketChangeEndpoints endpoint, CancellationToken ct) => endpoint.MergeAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketEscalate), (HttpRequest request, string reference, TicketChangeEndpoints endpoint, CancellationToken ct) => endpoint.EscalateAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapPost(Web.Routes.Local(Web.Routes.TicketFollowUps), (HttpRequest request, string reference, FollowUpEndpoint endpoint, CancellationToken ct) => endpoint.OpenAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Contact), (string key, ContactEndpoints endpoint, CancellationToken ct) => endpoint.GetAsync(key, ct))
            .Gated(Gate.Staff);
        app.MapPut(Web.Routes.Local(Web.Routes.ContactLink), (HttpRequest request, string key, string other, ContactEndpoints endpoint, CancellationToken ct) => endpoint.LinkAsync(request, key, other, linked: true, ct))
            .Gated(Gate.Staff);
        app.MapDelete(Web.Routes.Local(Web.Routes.ContactLink), (HttpRequest request, string key, string other, ContactEndpoints endpoint, CancellationToken ct) => endpoint.LinkAsync(request, key, other, linked: false, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Roster), (HttpRequest request, RosterEndpoints endpoint, CancellationToken ct) => endpoint.GetAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapPut(Web.Routes.Local(Web.Routes.Roster), (HttpRequest request, RosterEndpoints endpoint, CancellationToken ct) => endpoint.PutAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Macros), (HttpRequest request, MacroEndpoints endpoint, CancellationToken ct) => endpoint.GetAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapPut(Web.Routes.Local(Web.Routes.Macros), (HttpRequest request, MacroEndpoints endpoint, CancellationToken ct) => endpoint.PutAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.TicketMacros), (HttpRequest request, string reference, MacroEndpoints endpoint, CancellationToken ct) => endpoint.ForTicketAsync(request, reference, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Me), (HttpRequest request, MeEndpoint endpoint) => endpoint.Get(request))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Metrics), (HttpRequest request, MetricsEndpoints endpoint, CancellationToken ct) => endpoint.GetAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.Papercuts), (HttpRequest request, MetricsEndpoints endpoint, CancellationToken ct) => endpoint.PapercutsAsync(request, ct))
            .Gated(Gate.Staff);
        app.MapGet(Web.Routes.Local(Web.Routes.TriageCorrections), (HttpRequest request, MetricsEndpoints endpoint, CancellationToken ct) => endpoint.CorrectionsAsync(request, ct))
            .Gated(Gate.Staff);
    }
}
