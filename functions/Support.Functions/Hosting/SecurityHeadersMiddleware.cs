using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// <see cref="SecurityHeaders"/> on every HTTP answer (JSON, errors and refusals included), as
/// Support.Local sets them on every route; HSTS too, since the app is only ever served over HTTPS here.
/// </summary>
public sealed class SecurityHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.Apply(http.Response, strictTransport: true);
        }

        await next(context);
    }
}
