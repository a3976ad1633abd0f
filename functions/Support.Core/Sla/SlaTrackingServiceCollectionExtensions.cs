using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;

namespace Support.Core.Sla;

public static class SlaTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered ticket store so every save keeps the SLA due index up to date. Call after
    /// the ticket store is registered; the host provides <see cref="ISlaDueIndex"/>.
    /// </summary>
    public static IServiceCollection AddSlaTracking(this IServiceCollection services) =>
        services.Decorate<ITicketStore>(
            (sp, inner) => new SlaTrackingTicketStore(inner, sp.GetRequiredService<SlaEngine>(), sp.GetRequiredService<ISlaDueIndex>(), sp.GetRequiredService<TimeProvider>()),
            "AddSlaTracking wraps the ticket store: register it first.");
}
