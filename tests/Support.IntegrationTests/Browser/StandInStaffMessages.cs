using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Web;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// Stands in for <c>POST /api/tickets/{reference}/replies</c> and <c>/notes</c> (another branch builds
/// them, with the outgoing mail) so the console can be driven end to end. It answers only when the
/// host has no such route (404), so once the real endpoints are merged the console talks to them.
/// </summary>
public sealed partial class StandInStaffMessages : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await nextMiddleware(context);
            var match = MessagePath().Match(context.Request.Path.Value ?? string.Empty);
            if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
                && HttpMethods.IsPost(context.Request.Method) && match.Success)
            {
                await AnswerAsync(context, match.Groups[1].Value, internalNote: match.Groups[2].Value == "notes");
            }
        });
        next(app);
    };

    private static async Task AnswerAsync(HttpContext context, string reference, bool internalNote)
    {
        var store = context.RequestServices.GetRequiredService<ITicketStore>();
        var ticket = await store.GetAsync(reference, context.RequestAborted);
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ticket is null || string.IsNullOrEmpty(ifMatch))
        {
            context.Response.StatusCode = ticket is null ? 404 : 428;
            return;
        }

        if (ticket.ETag != ifMatch)
        {
            await IfMatch.Stale(context, ticket).ExecuteAsync(context);
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        TicketStatus? status = root.TryGetProperty("status", out var s) && WireNames.TryParse(s.GetString(), out TicketStatus parsed) ? parsed : null;
        ticket.RecordStaffMessage(root.GetProperty("author").GetString()!, Guid.NewGuid().ToString("N"), root.GetProperty("body").GetString()!, internalNote, status, DateTimeOffset.UtcNow);
        await store.SaveAsync(ticket, context.RequestAborted);
        context.Response.StatusCode = 200;
        context.Response.Headers.ETag = ticket.ETag;
        await context.Response.WriteAsJsonAsync(TicketView.From(ticket, withTimeline: true), WebJson.Default.TicketView, cancellationToken: context.RequestAborted);
    }

    [GeneratedRegex("^/api/tickets/(SUP-[0-9A-Z]{6})/(replies|notes)$")]
    private static partial Regex MessagePath();
}
