using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;

namespace Support.Core.Assignment;

public static class WorkloadServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered ticket store so every save keeps the workload index up to date. Call after
    /// the ticket store is registered; the host provides <see cref="IWorkloadIndex"/>.
    /// </summary>
    public static IServiceCollection AddWorkloadTracking(this IServiceCollection services) =>
        services.Decorate<ITicketStore>(
            (sp, inner) => new WorkloadTrackingTicketStore(inner, sp.GetRequiredService<IWorkloadIndex>()),
            "AddWorkloadTracking wraps the ticket store: register it first.");
}
