using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Support.Core.Assignment;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Triage.Policy;

namespace Support.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The handlers and policies both hosts share. Ports (stores, mail, queues) come from the adapters.</summary>
    public static IServiceCollection AddSupportCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>();
        services.AddOptions<SiteOptions>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<StaffMailComposer>();
        services.AddOptions<TriageOptions>();
        services.TryAddSingleton(sp => TriagePolicyLoader.Load(sp.GetRequiredService<IOptions<TriageOptions>>().Value));
        services.TryAddSingleton<ITriageEngine, PolicyTriageEngine>();
        services.TryAddSingleton<IAssignmentPolicy, RosterAssignmentPolicy>();
        services.AddOptions<SlaOptions>();
        services.TryAddSingleton(sp => SlaPolicy.Load(sp.GetRequiredService<IOptions<SlaOptions>>().Value, sp.GetService<Voice.RegionPolicy>() ?? Voice.RegionPolicy.LoadEmbedded()));
        services.TryAddSingleton<Domain.ICustomerTiers>(sp => sp.GetRequiredService<SlaPolicy>());
        services.TryAddSingleton<SlaEngine>();
        services.TryAddSingleton<ISlaPolicy>(sp => sp.GetRequiredService<SlaEngine>());
        services.AddSingleton<Tickets.TicketWriter>();
        services.AddSingleton<IntakeHandler>();
        services.AddSingleton<Replies.TicketChanges>();
        services.AddSingleton<Replies.FollowUps>();
        services.AddSingleton<TriageHandler>();
        services.AddSingleton<AssignmentHandler>();
        services.AddSingleton<TicketAssignment>();
        services.AddSingleton<Tickets.TicketDecisions>();
        services.AddSingleton<OwedMailRules>();
        services.AddSingleton<Email.AcknowledgementGate>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<RotationHandoff>();
        services.AddSingleton<Scheduling.IScheduledJob>(sp => sp.GetRequiredService<RotationHandoff>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<TriageHandler>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<AssignmentHandler>());
        services.AddSingleton<QueueDispatcher>();
        services.AddSingleton<QueueDelivery>();
        return services;
    }
}
