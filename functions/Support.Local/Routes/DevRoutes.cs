using Support.Local.DevMail;
using Support.Web;

namespace Support.Local.Routes;

public static class DevRoutes
{
    /// <summary>Local-only helpers: the mailbox that catches outgoing mail.</summary>
    public static void MapDevRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_dev/mail", async (DevMailbox mailbox, CancellationToken ct) =>
            Results.Json(await mailbox.ListAsync(ct), DevMailJson.Default.IReadOnlyListDevMail))
            .Gated(Gate.DevOnly);
        app.MapDelete("/_dev/mail", async (DevMailbox mailbox, CancellationToken ct) =>
        {
            await mailbox.ClearAsync(ct);
            return Results.NoContent();
        }).Gated(Gate.DevOnly);
    }
}
