using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Support.Core.Assignment;
using Support.Core.AutoClose;
using Support.Core.Calendars;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Metrics;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Replies;
using Support.Core.Roster;
using Support.Core.Scheduling;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Support.Core.Voice;
using Support.Core.Welcome;

namespace Support.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Every use case, queue handler, scheduled job and policy both hosts run, with their settings
    /// (<c>Mail__*</c>, <c>Triage__*</c>, <c>Sla__*</c>, <c>Timers__*</c>, <c>Welcome__*</c>, <c>Voice__*</c>,
    /// <c>EmailIntake__*</c>, <c>Retry__*</c>, <c>GitHub__*</c> and the top-level site settings). The ports come from
    /// <c>AddSupportAdapters</c>; the order of the two calls does not matter.
    /// </summary>
    public static IServiceCollection AddSupportCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => o.SigningKey.Length >= MailOptions.MinSigningKeyLength, $"The Mail__SigningKey setting is missing or shorter than {MailOptions.MinSigningKeyLength} characters.")
            .ValidateOnStart();
        services.Configure<SiteOptions>(configuration);
        services.Configure<TriageOptions>(configuration.GetSection(TriageOptions.Section));
        services.Configure<SlaOptions>(configuration.GetSection(SlaOptions.Section));
        services.Configure<TimersOptions>(configuration.GetSection(TimersOptions.Section));
        services.Configure<WelcomeOptions>(configuration.GetSection(WelcomeOptions.Section));
        services.Configure<Bookings.BookingOptions>(configuration.GetSection(Bookings.BookingOptions.Section));
        services.Configure<VoiceOptions>(configuration.GetSection(VoiceOptions.Section));
        services.Configure<EmailIntakeOptions>(configuration.GetSection(EmailIntakeOptions.Section));
        services.Configure<RetryOptions>(configuration.GetSection(RetryOptions.Section));
        services.Configure<Engineering.GitHubOptions>(configuration.GetSection(Engineering.GitHubOptions.Section));
        services.Configure<Chat.SlackOptions>(configuration.GetSection(Chat.SlackOptions.Section));

        // Policies: the calendars, triage, assignment and SLA rules.
        services.AddSingleton(_ => RegionPolicy.LoadEmbedded());
        services.TryAddSingleton(sp => TriagePolicyLoader.Load(sp.GetRequiredService<IOptions<TriageOptions>>().Value));
        services.TryAddSingleton<ITriageEngine, PolicyTriageEngine>();
        services.TryAddSingleton<IAssignmentPolicy, RosterAssignmentPolicy>();
        services.TryAddSingleton(sp => SlaPolicy.Load(sp.GetRequiredService<IOptions<SlaOptions>>().Value, sp.GetRequiredService<RegionPolicy>()));
        services.TryAddSingleton<Domain.ICustomerTiers>(sp => sp.GetRequiredService<SlaPolicy>());
        services.TryAddSingleton<SlaEngine>();
        services.TryAddSingleton<ISlaPolicy>(sp => sp.GetRequiredService<SlaEngine>());

        // Mail composers.
        services.AddSingleton<MailComposer>();
        services.AddSingleton<StaffMailComposer>();
        services.AddSingleton<SlaMailComposer>();
        services.AddSingleton<WelcomeMailComposer>();
        services.AddSingleton<ReplyMailComposer>();

        // Intake and the new-ticket flow: decide (TicketDecisions), write (TicketWriter), send (MailOutbox).
        services.AddSingleton<InquiryIntake>();
        services.AddSingleton<Tickets.TicketDecisions>();
        services.AddSingleton<Tickets.TicketWriter>();
        services.AddSingleton<OwedMailRules>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<AcknowledgementGate>();
        services.AddSingleton<TriageHandler>();
        services.AddSingleton<TicketAssignment>();
        services.AddSingleton<AssignmentHandler>();
        services.AddSingleton<SlaDueHandler>();
        services.AddSingleton<OutboundReplyHandler>();
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<TriageHandler>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<AssignmentHandler>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<SlaDueHandler>());
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<OutboundReplyHandler>());

        // The engineering loop: GitHub issues owed by tickets (filed by their queue's consumer), staff's requests, the webhook's news.
        services.Configure<Engineering.DiscourseOptions>(configuration.GetSection(Engineering.DiscourseOptions.Section));
        services.AddSingleton<Engineering.EngineeringHandler>();
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<Engineering.EngineeringHandler>());
        services.AddSingleton<Engineering.EngineeringRequests>();
        services.AddSingleton<Engineering.IssueActivities>();
        services.AddSingleton<Engineering.PapercutReader>();

        // The team chat (Slack): the stream's outbox and the chat queue's consumer.
        services.AddSingleton<Chat.ChatFeed>();
        services.AddSingleton<Chat.TicketStream>();
        services.AddSingleton<Chat.OnDutyTopic>();
        services.AddSingleton<Chat.SharedChannel>();
        services.AddSingleton<Chat.ChatHandler>();
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<Chat.ChatHandler>());
        services.AddSingleton<QueueDispatcher>();
        services.AddSingleton<QueueDelivery>();

        // The email channel and staff replies.
        services.AddSingleton<MailLoopGuard>();
        services.AddSingleton<EmailThreading>();
        services.AddSingleton<InboundMailArchive>();
        services.AddSingleton<EmailIntake>();
        services.AddSingleton<StaffReplies>();
        services.AddSingleton<ReplyMailer>();
        services.AddSingleton<TicketChanges>();
        services.AddSingleton<Escalations>();
        services.AddSingleton<FollowUps>();

        // The voice channel: the webhooks' call flow and voicemail filing.
        services.AddSingleton<CallScripts>();
        services.AddSingleton<CallerLookup>();
        services.AddSingleton<VoicemailTickets>();
        services.AddSingleton<IVoiceRoute, IncomingCallRoute>();
        services.AddSingleton<IVoiceRoute, DialStatusRoute>();
        services.AddSingleton<IVoiceRoute, WhisperRoute>();
        services.AddSingleton<IVoiceRoute, VoicemailDoneRoute>();
        services.AddSingleton<IVoiceRoute, RecordingCallbackRoute>();
        services.AddSingleton<IVoiceRoute, TranscriptionCallbackRoute>();

        // Bookings: free slots and claims.
        services.AddSingleton<Bookings.SessionLoad>();
        services.AddSingleton<Bookings.BookingCalendar>();
        services.AddSingleton<Bookings.BookingMailComposer>();
        services.AddSingleton<Bookings.BookingMailer>();
        services.AddSingleton<Bookings.BookingDesk>();
        services.AddSingleton<Bookings.BookingReminders>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<Bookings.BookingReminders>());

        // A customer's history, for the contact panel.
        services.AddSingleton<Contacts.ContactHistories>();

        // Metrics for the staff console and the daily digest.
        services.AddSingleton<MetricsReader>();

        // The scheduled jobs.
        services.AddSingleton<RotationHandoff>();
        services.AddSingleton<SlaSweep>();
        services.AddSingleton<PendingAutoClose>();
        services.AddSingleton<WelcomeMail>();
        services.AddSingleton<VoicemailSweep>();
        services.AddSingleton<DailyDigestJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<RotationHandoff>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<SlaSweep>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<PendingAutoClose>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<WelcomeMail>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<VoicemailSweep>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<DailyDigestJob>());
        services.AddSingleton<Engineering.PapercutsJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<Engineering.PapercutsJob>());
        return services;
    }
}
