using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;
using Support.Web.Conversation;
using Support.Web.Email;
using Support.Web.Identity;
using Support.Web.Pages;
using Support.Web.Replies;
using Support.Web.Signups;
using Support.Web.Staff;
using Support.Web.Voice;

namespace Support.Web;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP endpoints and pages both hosts expose, their gates (<see cref="RequestGates"/>) and the
    /// storage-outage answer (<see cref="StorageOutageFilter"/>). Built on Core's use cases and ports only.
    /// </summary>
    public static IServiceCollection AddSupportWeb(this IServiceCollection services)
    {
        services.AddSingleton<IntegrationKeys>();
        services.AddSingleton<ISignInReader, EasyAuthSignIn>();
        services.AddSingleton<StaffGate>();
        services.AddSingleton<RequestGates>();
        services.AddSingleton<StorageOutageFilter>();
        services.AddOptions<WebFormOptions>().BindConfiguration(WebFormOptions.Section);
        services.AddSingleton<WebFormRateLimit>();
        services.AddSingleton<WebInquiryEndpoint>();
        services.AddSingleton<MailHtml>();
        services.AddSingleton<ConversationReader>();
        services.AddSingleton<TicketEndpoints>();
        services.AddSingleton<TicketReplyEndpoints>();
        services.AddSingleton<TicketChangeEndpoints>();
        services.AddSingleton<FollowUpEndpoint>();
        services.AddSingleton<ContactEndpoints>();
        services.AddSingleton<RosterEndpoints>();
        services.AddSingleton<MacroEndpoints>();
        services.AddSingleton<MetricsEndpoints>();
        services.AddSingleton<MeEndpoint>();
        services.AddSingleton<InboundEmailEndpoint>();
        services.AddSingleton<SignupEndpoint>();
        services.AddSingleton<Bookings.BookingEndpoints>();
        services.AddSingleton<Bookings.StaffBookingEndpoints>();
        services.AddSingleton<IVoiceLinks, VoiceLinks>();
        services.AddSingleton<VoiceEndpoint>();
        services.AddSingleton<Engineering.GitHubWebhookEndpoint>();
        services.AddSingleton<Engineering.EngineeringEndpoints>();
        services.AddSingleton<Slack.SlackEndpoints>();
        return services;
    }
}
