using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;

namespace Support.Core.Assignment;

public static class WorkloadServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered ticket store so every save keeps the workload index up to date. Call after
    /// the ticket store is registered; the host provides <see cref="IWorkloadIndex"/>.
    /// </summary>
    public static IServiceCollection AddWorkloadTracking(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ITicketStore))
            ?? throw new InvalidOperationException("AddWorkloadTracking wraps the ticket store: register it first.");
        services.Remove(registered);
        services.AddSingleton<ITicketStore>(sp => new WorkloadTrackingTicketStore(Resolve(sp, registered), sp.GetRequiredService<IWorkloadIndex>()));
        return services;
    }

    private static ITicketStore Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ITicketStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
