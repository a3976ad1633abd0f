using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Contracts;
using Support.Core.Ports;
using Support.Core.Replies;
using Support.Web.Identity;

namespace Support.Web.Staff;

/// <summary>
/// The canned replies: <c>GET</c>/<c>PUT /api/macros</c> to read and edit them (the whole list, with
/// <c>If-Match</c> like the roster), and <c>GET /api/tickets/{reference}/macros</c> for each one as it
/// reads on that ticket for the person answering it (the signed-in person; a manager edits them).
/// </summary>
public sealed class MacroEndpoints(IMacroStore macros, ITicketStore tickets, ILogger<MacroEndpoints> logger)
{
    public const int MaxBodyBytes = 512 * 1024;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Versioned(request.HttpContext, await macros.GetAsync(cancellationToken), StatusCodes.Status200OK);

    public async Task<IResult> PutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(request);
        if (!actor.MayManage)
        {
            return StaffActor.NotManager("the canned replies");
        }

        var (document, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, SupportJson.Default.MacroDocument, "a list of canned replies", cancellationToken);
        if (document is null)
        {
            return invalid!;
        }

        var errors = MacroText.Validate(document);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var ifMatch = IfMatch.Of(request);
        var save = await macros.SaveAsync(document!, actor.Id, ifMatch, cancellationToken);
        if (!save.Saved)
        {
            return ifMatch is null ? IfMatch.Missing("GET /api/macros") : Versioned(request.HttpContext, save.Current, StatusCodes.Status412PreconditionFailed);
        }

        logger.LogInformation("Canned replies saved by {Staff}: {Count}", actor.Id, document!.Macros.Count);
        return Versioned(request.HttpContext, save.Current, StatusCodes.Status200OK);
    }

    public async Task<IResult> ForTicketAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        if (await tickets.GetAsync(reference, cancellationToken) is not { } ticket)
        {
            return Problems.NotFound($"No ticket {Problems.Truncate(reference)}.");
        }

        var agent = StaffActor.Of(request).Person;
        var stored = await macros.GetAsync(cancellationToken);
        return Results.Json(new TicketMacrosView([.. stored.Document.Macros.Select(m => MacroText.Expand(m, ticket, agent))]), WebJson.Default.TicketMacrosView);
    }

    private static IResult Versioned(HttpContext context, VersionedMacros stored, int status)
    {
        if (stored.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag;
        }

        if (stored.SavedBy is { } savedBy)
        {
            context.Response.Headers[RosterEndpoints.SavedByHeader] = savedBy;
        }

        return Results.Json(new MacrosView(stored.Document.Macros, MacroText.Placeholders), WebJson.Default.MacrosView, statusCode: status);
    }
}

/// <summary>The canned replies to edit, with the placeholders their text may use.</summary>
public sealed record MacrosView(IReadOnlyList<Macro> Macros, IReadOnlyDictionary<string, string> Placeholders);

public sealed record TicketMacrosView(IReadOnlyList<ExpandedMacro> Macros);
