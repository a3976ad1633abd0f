using Microsoft.Extensions.DependencyInjection;

namespace Support.Web;

public static class ServiceCollectionExtensions
{
    /// <summary>The HTTP endpoints both hosts expose.</summary>
    public static IServiceCollection AddSupportWeb(this IServiceCollection services)
    {
        services.AddSingleton<AdminKeyGate>();
        services.AddSingleton<RequestGates>();
        services.AddSingleton<Support.Adapters.Twilio.TwilioSignature>();
        services.AddOptions<Support.Adapters.Twilio.TwilioOptions>();
        services.AddSingleton<WebInquiryEndpoint>();
        services.AddOptions<Pages.WebFormOptions>().BindConfiguration(Pages.WebFormOptions.Section);
        services.AddSingleton<Pages.WebFormRateLimit>();
        services.AddSingleton<Conversation.MailHtml>();
        services.AddSingleton<Conversation.ConversationReader>();
        services.AddSingleton<TicketEndpoints>();
        services.AddSingleton<Signups.SignupEndpoint>();
        return services;
    }
}
