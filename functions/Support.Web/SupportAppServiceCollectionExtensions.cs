using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters;
using Support.Adapters.Triage;
using Support.Core;
using Support.Core.Mail;
using Support.Core.Triage;
using Support.Web.Email;
using Support.Web.Staff;
using Support.Web.Voice;

namespace Support.Web;

public static class SupportAppServiceCollectionExtensions
{
    /// <summary>
    /// Everything both hosts run: handlers, options, storage, mail, endpoints and channels. Each
    /// host adds only its transport (storage queues or Service Bus) and its own hosting pieces, so
    /// the two never drift apart.
    /// </summary>
    public static IServiceCollection AddSupportApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHybridTriage();
        services.AddSupportCore();
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.Configure<SiteOptions>(configuration);
        services.Configure<TriageOptions>(configuration.GetSection(TriageOptions.Section));
        services.AddSupportAdapters(configuration);
        services.AddSupportTimers(configuration);
        services.AddSupportWeb();
        services.AddVoice(configuration);
        services.AddEmailChannel(configuration);
        services.AddStaffConsole();
        return services;
    }
}
