using Support.Local.DevMail;
using Support.Web;

namespace Support.Local.Routes;

public static class DevRoutes
{
    /// <summary>
    /// One silent MPEG audio frame: what the stand-in for Twilio's media host answers for every
    /// recording, so the voicemail flow runs on one machine with <c>Twilio__ApiBaseUrl</c> pointed here.
    /// </summary>
    private static readonly byte[] SilentMp3 = [0xFF, 0xFB, 0x90, 0x64, .. new byte[413]];

    /// <summary>Local-only helpers: the mailbox that catches outgoing mail, and Twilio's recording media.</summary>
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
        app.MapGet("/_dev/twilio/2010-04-01/Accounts/{account}/Recordings/{recording}.mp3", () => Results.Bytes(SilentMp3, "audio/mpeg"))
            .Gated(Gate.DevOnly);
    }
}
