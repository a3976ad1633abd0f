using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Sla;
using Support.Core.Welcome;

namespace Support.Adapters;

public static class TimersServiceCollectionExtensions
{
    /// <summary>
    /// The three timers' services with their table storage, bound from <c>Timers__*</c> and
    /// <c>Sla__*</c>, <c>Welcome__*</c>. Call after <c>AddSupportCore</c> and <c>AddSupportAdapters</c>.
    /// </summary>
    public static IServiceCollection AddSupportTimers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISlaDueIndex, TableSlaDueIndex>();
        services.AddSingleton<ISignupStore, TableSignupStore>();
        services.AddSupportTimerJobs();
        services.Configure<TimersOptions>(configuration.GetSection(TimersOptions.Section));
        services.Configure<SlaOptions>(configuration.GetSection(SlaOptions.Section));
        services.Configure<WelcomeOptions>(configuration.GetSection(WelcomeOptions.Section));
        return services;
    }
}
