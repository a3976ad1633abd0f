using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Assignment;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Tickets;
using Support.Core.Triage.Policy;

namespace Support.Tests.Fakes;

/// <summary>The handlers wired to in-memory ports, with a queue the test drains by hand (so it can redeliver at will).</summary>
public sealed class PipelineHarness
{
    /// <param name="policy">The assignment policy over the harness's store; the roster policy when not given.</param>
    public PipelineHarness(RosterDocument? roster = null, DateTimeOffset? now = null, Func<InMemoryTicketStore, IAssignmentPolicy>? policy = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero));
        Rosters = new InMemoryRosterStore(roster ?? RosterSamples.Load());
        Composer = new MailComposer(Options.Create(new MailOptions()), Options.Create(new SiteOptions()));
        Writer = TicketWriters.Over(Store, Time);
        Intake = new InquiryIntake(Store, Blobs, Queue, Time, NullLogger<InquiryIntake>.Instance);
        var rules = new OwedMailRules(Composer, new StaffMailComposer(Composer), SlaEngine.Default, NullLogger<OwedMailRules>.Instance);
        Outbox = new MailOutbox(Store, Writer, Rosters, Mail, rules, new AcknowledgementGate(Store, AcknowledgementTimes, Time), Time, NullLogger<MailOutbox>.Instance);
        var decisions = new TicketDecisions(SlaEngine.Default, rules);
        var owners = policy?.Invoke(Store) ?? new RosterAssignmentPolicy(Store, new StoreWorkload(Store));
        var assignment = new TicketAssignment(Store, Writer, Rosters, owners, decisions, Outbox, Time);
        Assignment = new AssignmentHandler(assignment);
        Triage = new TriageHandler(Blobs, new PolicyTriageEngine(TriagePolicyLoader.Load(new TriageOptions())), Rosters, owners, decisions, Writer, Outbox, assignment, Queue, Time, NullLogger<TriageHandler>.Instance);
        Dispatcher = new QueueDispatcher([Triage, Assignment]);
    }

    public FakeTimeProvider Time { get; }
    public InMemoryTicketStore Store { get; } = new();
    public TicketWriter Writer { get; }
    public InMemoryBlobStore Blobs { get; } = new();
    public RecordingQueue Queue { get; } = new();
    public RecordingMailSender Mail { get; } = new();
    public InMemoryAcknowledgementTimes AcknowledgementTimes { get; } = new();
    public InMemoryRosterStore Rosters { get; }
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
