using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Email;
using Support.Core.Email;
using Support.Web.Replies;

namespace Support.Web.Email;

public static class EmailChannelServiceCollectionExtensions
{
    /// <summary>The email channel and the staff reply/note API, for either host (after AddSupportCore and AddSupportAdapters).</summary>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSupportEmail();
        services.AddEmailAdapters(configuration);
        services.AddSingleton<InboundEmailEndpoint>();
        services.AddSingleton<TicketReplyEndpoints>();
        return services;
    }
}
