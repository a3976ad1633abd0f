using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Core.AutoClose;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Scheduling;
using Support.Core.Voice;
using Support.Core.Welcome;

namespace Support.Core.Sla;

public static class TimersServiceCollectionExtensions
{
    /// <summary>
    /// The SLA sweep, its queue handler, Pending auto-close and the welcome mail. Call after <c>AddSupportCore</c>;
    /// the host provides <see cref="ISlaDueIndex"/> and <see cref="ISignupStore"/>.
    /// </summary>
    public static IServiceCollection AddSupportTimerJobs(this IServiceCollection services)
    {
        services.AddOptions<TimersOptions>();
        services.AddSingleton<SlaMailComposer>();
        services.AddSingleton<SlaSweep>();
        services.AddSingleton<SlaDueHandler>();
        services.AddSingleton<PendingAutoClose>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<SlaSweep>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<PendingAutoClose>());
        services.AddOptions<WelcomeOptions>();
        services.AddSingleton(sp => new WelcomeMailComposer(
            sp.GetRequiredService<IOptions<MailOptions>>(),
            sp.GetRequiredService<IOptions<SiteOptions>>(),
            sp.GetRequiredService<IOptions<WelcomeOptions>>(),
            sp.GetService<RegionPolicy>() ?? RegionPolicy.LoadEmbedded()));
        services.AddSingleton<WelcomeMail>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<WelcomeMail>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<SlaDueHandler>());
        return services;
    }
}
