using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// Runs <see cref="RequestGates"/> before every HTTP function whose gate the host does not
/// enforce (staff sign-in or integration key, Twilio signatures, public routes), as Support.Local's endpoint filter does.
/// The SendGrid webhook's function key
/// is the host's to check: it refuses a request without it before the worker sees it.
/// </summary>
public sealed class GateMiddleware(FunctionCatalogue catalogue, RequestGates gates) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (catalogue.WorkerGateOf(context.FunctionDefinition.Name) is { } gate
            && context.GetHttpContext() is { } http
            && await gates.CheckAsync(http.Request, gate, http.RequestAborted) is { } refusal)
        {
            // The refusal becomes the function's answer; the function does not run.
            context.GetInvocationResult().Value = new ResultAction(refusal);
            return;
        }

        await next(context);
    }
}
