using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Support.Core.Ports;

namespace Support.Web;

/// <summary>
/// The one place where a storage outage becomes an answer, for every route of both hosts: 503 with
/// Retry-After, so webhooks (SendGrid, Twilio) and the console retry and nothing half-stored is
/// reported as done. The local host runs it as an endpoint filter on every route, the Functions app
/// as worker middleware around every HTTP function.
/// </summary>
public sealed class StorageOutageFilter(ILogger<StorageOutageFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StorageUnavailableException ex)
        {
            // The route pattern, not the path: a path may carry a requester's address (contacts/{key}).
            var route = (context.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "route";
            return Answer(route, ex);
        }
    }

    /// <param name="where">The route pattern or function name, for the log.</param>
    public IResult Answer(string where, StorageUnavailableException outage)
    {
        logger.LogError(outage, "{Route} not handled, answering 503: storage unavailable", where);
        return Problems.Unavailable();
    }

    /// <summary>The outage behind <paramref name="exception"/>, however the host wrapped it; null for any other failure.</summary>
    public static StorageUnavailableException? Cause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StorageUnavailableException outage)
            {
                return outage;
            }
        }

        return null;
    }
}
