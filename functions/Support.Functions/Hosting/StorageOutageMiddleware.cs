using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// <see cref="StorageOutageFilter"/> around every HTTP function, as Support.Local runs it around
/// every route. Queue and timer functions are left alone: their failures go to settlement and retry.
/// </summary>
public sealed class StorageOutageMiddleware(StorageOutageFilter outages) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is not null && StorageOutageFilter.Cause(ex) is { } outage)
        {
            context.GetInvocationResult().Value = new ResultAction(outages.Answer(context.FunctionDefinition.Name, outage));
        }
    }
}
