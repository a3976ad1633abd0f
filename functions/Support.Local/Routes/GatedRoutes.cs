using Support.Web;

namespace Support.Local.Routes;

public static class GatedRoutes
{
    /// <summary>Declares the route's gate (endpoint metadata) and enforces it before the route runs.</summary>
    public static TBuilder Gated<TBuilder>(this TBuilder builder, Gate gate)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new GateMetadata(gate));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var gates = context.HttpContext.RequestServices.GetRequiredService<RequestGates>();
            var refusal = await gates.CheckAsync(context.HttpContext.Request, gate, context.HttpContext.RequestAborted);
            return refusal ?? await next(context);
        });
        return builder;
    }
}
