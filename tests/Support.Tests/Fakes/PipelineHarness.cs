using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Support.Core;
using Support.Core.Assignment;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Triage;
using Support.Core.Tickets;

namespace Support.Tests.Fakes;

/// <summary>
/// The use cases as production composes them (<see cref="ServiceCollectionExtensions.AddSupportCore"/>), with every
/// port <c>AddSupportAdapters</c> binds bound to an in-memory fake instead, and a queue the test drains by hand (so
/// it can redeliver at will). So a ticket goes through the same TicketWriter, index changes and MailOutbox as in
/// production, and its SLA due entries and workload row land in <see cref="DueIndex"/> and <see cref="Workload"/>.
/// </summary>
public sealed class PipelineHarness
{
    /// <summary>The <c>Mail__SigningKey</c> the harness runs with (production refuses to start without one).</summary>
    public const string SigningKey = "unit-test-signing-key-0123456789abcdef";

    /// <param name="policy">The assignment policy over the harness's store, in place of the roster policy production uses.</param>
    /// <param name="settings">App settings beside the signing key, named as configuration reads them (<c>PublicBaseUrl</c>, <c>Voice:…</c>).</param>
    public PipelineHarness(RosterDocument? roster = null, DateTimeOffset? now = null, Func<InMemoryTicketStore, IAssignmentPolicy>? policy = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero));
        Rosters = new InMemoryRosterStore(roster ?? RosterSamples.Load());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mail:SigningKey"] = SigningKey })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSupportCore(configuration)
            .Replace(ServiceDescriptor.Singleton<TimeProvider>(Time))
            .AddSingleton<ITicketStore>(Store)
            .AddSingleton<IBlobStore>(Blobs)
            .AddSingleton<IQueuePublisher>(Queue)
            .AddSingleton<IMailSender>(Mail)
            .AddSingleton<IRosterStore>(Rosters)
            .AddSingleton<IAcknowledgementTimes>(AcknowledgementTimes)
            .AddSingleton<ISlaDueIndex>(DueIndex)

            // As in production, assignment reads the workload from the index every write feeds.
            .AddSingleton<IWorkloadIndex>(Workload)
            .AddSingleton<IAssigneeWorkload>(Workload)
            .AddSingleton<IReceivedMailIndex>(ReceivedMail)
            .AddSingleton<IRotationHandoffStore, InMemoryHandoffStore>()
            .AddSingleton<ISignupStore, InMemorySignupStore>()
            .AddSingleton<IContactLinks, InMemoryContactLinks>()
            .AddSingleton<ICorrectionLog, InMemoryCorrectionLog>()
            .AddSingleton<IDigestLog, InMemoryDigestLog>()
            .AddSingleton<IIssueTracker, InMemoryIssueTracker>()
            .AddSingleton<IEngineeringLinks, InMemoryEngineeringLinks>()
            .AddSingleton<IForum, InMemoryForum>()
            .AddSingleton<IPapercutLog, InMemoryPapercutLog>()
            .AddSingleton<IBookingStore, InMemoryBookingStore>()
            .AddSingleton<ITeamChat>(Chat)
            .AddSingleton<IChatPosts>(ChatPosts)
            .AddSingleton<IVoicemailStore>(VoicemailStore)
            .AddSingleton<IRequesterDirectory>(Directory)
            .AddSingleton<IRecordingFetcher>(RecordingMedia)
            .AddSingleton<IVoiceLinks, Support.Web.Voice.VoiceLinks>();
        if (policy is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(policy(Store)));
        }

        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Composer = Services.GetRequiredService<MailComposer>();
        Writer = Services.GetRequiredService<TicketWriter>();
        Intake = Services.GetRequiredService<InquiryIntake>();
        Outbox = Services.GetRequiredService<MailOutbox>();
        Triage = Services.GetRequiredService<TriageHandler>();
        Assignment = Services.GetRequiredService<AssignmentHandler>();
        Dispatcher = Services.GetRequiredService<QueueDispatcher>();
    }

    /// <summary>Every use case, job and policy of Core, over this harness's fakes.</summary>
    public IServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }
    public InMemoryTicketStore Store { get; } = new();
    public TicketWriter Writer { get; }
    public InMemorySlaDueIndex DueIndex { get; } = new();
    public InMemoryWorkloadIndex Workload { get; } = new();
    public InMemoryBlobStore Blobs { get; } = new();
    public RecordingQueue Queue { get; } = new();
    public RecordingMailSender Mail { get; } = new();
    public InMemoryTeamChat Chat { get; } = new();
    public InMemoryChatPosts ChatPosts { get; } = new();
    public InMemoryAcknowledgementTimes AcknowledgementTimes { get; } = new();
    public InMemoryReceivedMailIndex ReceivedMail { get; } = new();
    public InMemoryRosterStore Rosters { get; }
    internal InMemoryVoicemailStore VoicemailStore { get; } = new();
    internal FixedRequesterDirectory Directory { get; } = new();
    internal FakeRecordingFetcher RecordingMedia { get; } = new();
    public MailComposer Composer { get; }
    public InquiryIntake Intake { get; }
    public TriageHandler Triage { get; }
    public AssignmentHandler Assignment { get; }
    public MailOutbox Outbox { get; }
    public QueueDispatcher Dispatcher { get; }

    /// <summary>Delivers every message sent so far (and those they cause) <paramref name="times"/> times each.</summary>
    public async Task<IReadOnlyList<MessageOutcome>> DrainAsync(int times = 1)
    {
        var outcomes = new List<MessageOutcome>();
        var delivered = 0;
        while (delivered < Queue.Sent.Count)
        {
            var (queue, body, _) = Queue.Sent[delivered++];
            for (var i = 0; i < times; i++)
            {
                outcomes.Add(await Dispatcher.DispatchAsync(queue, body, CancellationToken.None));
            }
        }

        return outcomes;
    }

    public static WebFormSubmission Form(string email = "ada@example.com", string subject = "Cannot log in", string message = "The login page says error 500 since this morning.") => new()
    {
        Name = "Ada Lovelace",
        Email = email,
        Subject = subject,
        Message = message,
    };

    public InquirySubmission Submission(WebFormSubmission form, string? idempotencyKey = null) =>
        WebFormRules.Validate(form, idempotencyKey, "GB", Time.GetUtcNow()).Submission
        ?? throw new InvalidOperationException("The test form is invalid.");
}
