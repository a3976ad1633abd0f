using Microsoft.Extensions.DependencyInjection;
using Support.Core.Mail;
using Support.Core.Queues;
using Support.Core.Replies;

namespace Support.Core.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// The email channel and staff replies: inbound mail intake and threading, and the outbound
    /// reply queue's handler. Call after <c>AddSupportCore</c>; the host provides
    /// <see cref="IReceivedMailIndex"/>.
    /// </summary>
    public static IServiceCollection AddSupportEmail(this IServiceCollection services)
    {
        services.AddSingleton<MailLoopGuard>();
        services.AddSingleton<EmailThreading>();
        services.AddSingleton<InboundMailArchive>();
        services.AddSingleton<EmailIntake>();
        services.AddSingleton<StaffReplies>();
        services.AddSingleton<ReplyMailComposer>();
        services.AddSingleton<ReplyMailer>();
        services.AddSingleton<OutboundReplyHandler>();
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<OutboundReplyHandler>());
        return services;
    }
}
