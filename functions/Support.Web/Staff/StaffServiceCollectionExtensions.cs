using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Metrics;
using Support.Core.Ports;
using Support.Core.Scheduling;

namespace Support.Web.Staff;

public static class StaffServiceCollectionExtensions
{
    /// <summary>The staff API (changes, merge, roster, metrics, corrections) and the daily digest, for both hosts.</summary>
    public static IServiceCollection AddStaffConsole(this IServiceCollection services)
    {
        services.AddSingleton<ICorrectionLog, TableCorrectionLog>();
        services.AddSingleton<IDigestLog, TableDigestLog>();
        services.AddSingleton<MetricsReader>();
        services.AddSingleton<DailyDigestJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<DailyDigestJob>());
        services.AddSingleton<TicketChangeEndpoints>();
        services.AddSingleton<FollowUpEndpoint>();
        services.AddSingleton<ContactEndpoints>();
        services.AddSingleton<RosterEndpoints>();
        services.AddSingleton<MacroEndpoints>();
        services.AddSingleton<MetricsEndpoints>();
        return services;
    }
}
