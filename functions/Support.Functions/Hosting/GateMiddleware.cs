using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// Runs <see cref="RequestGates"/> before every HTTP function whose gate the host does not
/// enforce (Twilio signatures, public routes), as Support.Local's endpoint filter does. Key gates
/// never get here unchecked: the host refuses a request without a function key first.
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
