using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Email;

namespace Support.Adapters.Email;

public static class EmailAdapterServiceCollectionExtensions
{
    /// <summary>The SendGrid Inbound Parse reader (<c>EmailIntake__*</c> settings) and the Message-ID index on Table Storage.</summary>
    public static IServiceCollection AddEmailAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailIntakeOptions>().Bind(configuration.GetSection(EmailIntakeOptions.Section));
        services.AddSingleton<SendGridInboundParser>();
        services.AddSingleton<IReceivedMailIndex, TableReceivedMailIndex>();
        return services;
    }
}
