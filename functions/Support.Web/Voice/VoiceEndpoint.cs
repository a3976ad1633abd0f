using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Web.Voice;

/// <summary>
/// Every Twilio voice webhook, for both hosts: hands the form and query to the matching
/// <see cref="IVoiceRoute"/> and writes its TwiML. The signature is checked before this runs
/// (<see cref="Gate.TwilioSignature"/>).
/// </summary>
public sealed class VoiceEndpoint(IEnumerable<IVoiceRoute> routes, ICallScriptWriter twiml, ILogger<VoiceEndpoint> logger)
{
    private readonly Dictionary<string, IVoiceRoute> _byRoute = routes.ToDictionary(r => VoiceLinks.Route(r.Hook), StringComparer.OrdinalIgnoreCase);

    /// <param name="route">One of the <c>Routes.Voice*</c> constants (relative to the api prefix).</param>
    public async Task<IResult> PostAsync(string route, HttpRequest request, CancellationToken cancellationToken)
    {
        var path = Routes.Local(route);
        var handler = _byRoute.GetValueOrDefault(route)
            ?? throw new InvalidOperationException($"No voice route serves {path}; AddSupportCore registers them.");

        // A post that is not a form gets an empty one: the route then answers as for missing fields
        // (spoken TwiML for a caller, 400 for a callback) instead of failing on the body.
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);

        VoiceReply reply;
        try
        {
            reply = await handler.HandleAsync(TwilioVoiceForm.Read(form, query), cancellationToken);
        }
        catch (ConcurrencyConflictException ex)
        {
            // Only the recording and transcription callbacks store anything; a 503 lets a retry
            // (Twilio's, or the sweep for what was stored) finish the voicemail, as for a storage
            // outage (StorageOutageFilter).
            logger.LogError("Voice webhook {Path} not handled, answering 503: {Cause}", path, ex.InnerException?.Message ?? ex.Message);
            return Problems.Unavailable();
        }

        if (reply.IsRefused)
        {
            logger.LogWarning("Voice webhook {Path} refused with {Status}: {Reason}", path, StatusCodes.Status400BadRequest, reply.Reason);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The webhook cannot be handled.", detail: reply.Reason);
        }

        return Results.Content(twiml.Write(reply.Script ?? CallScript.Empty), twiml.ContentType, statusCode: StatusCodes.Status200OK);
    }
}
