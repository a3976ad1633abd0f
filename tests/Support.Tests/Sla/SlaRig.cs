using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Core.AutoClose;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Sla;
using Support.Tests.Fakes;
using Support.Tests.Roster;
using Xunit;

namespace Support.Tests.Sla;

/// <summary>
/// The timers over in-memory ports: the ticket store wrapped in SLA tracking (as the hosts wire it),
/// the due index, the sweep, the due handler and Pending auto-close, on a fake clock. The team is
/// <see cref="TestRoster.Team"/> (meg the manager, tom then uma technical); the region is the
/// default one (London, Mon–Thu 09:00–17:30, Fri 09:00–17:00).
/// </summary>
internal sealed class SlaRig
{
    /// <summary>Wednesday 4 June 2025, 10:00 in London.</summary>
    public static readonly DateTimeOffset WednesdayMorning = new(2025, 6, 4, 9, 0, 0, TimeSpan.Zero);

    private static int _sequence;

    public SlaRig(DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? WednesdayMorning);
        Store = Tickets;
        Writer = TicketWriters.Over(Tickets, Time, Index);
        var composer = new MailComposer(Options.Create(new MailOptions()), Options.Create(new SiteOptions()), Options.Create(new Support.Core.Bookings.BookingOptions()));
        Handler = new SlaDueHandler(Store, Writer, Rosters, Mail, new SlaMailComposer(composer), Time, NullLogger<SlaDueHandler>.Instance);
        Sweep = new SlaSweep(Index, Queue, Options.Create(new TimersOptions()), Time, NullLogger<SlaSweep>.Instance);
        AutoClose = new PendingAutoClose(Store, Writer, Mail, composer, Options.Create(new TimersOptions()), Time, NullLogger<PendingAutoClose>.Instance);
    }

    public FakeTimeProvider Time { get; }
    public InMemoryTicketStore Tickets { get; } = new();
    public InMemorySlaDueIndex Index { get; } = new();
    public RecordingQueue Queue { get; } = new();
    public RecordingMailSender Mail { get; } = new();
    public InMemoryRosterStore Rosters { get; } = new(TestRoster.Team());
    public ITicketStore Store { get; }
    public Support.Core.Tickets.TicketWriter Writer { get; }
    public SlaDueHandler Handler { get; }
    public SlaSweep Sweep { get; }
    public PendingAutoClose AutoClose { get; }

    public static BusinessCalendar London => SlaEngine.Default.Policy.CalendarFor(null);

    /// <summary>A triaged ticket opened now, assigned and acknowledged (moved to Open) by <paramref name="assignee"/> unless null.</summary>
    public async Task<string> OpenAsync(Severity severity, string? assignee = "ana", bool acknowledged = true)
    {
        var now = Time.GetUtcNow();
        var ticket = Ticket.Open(TestRoster.Inquiry($"SUP-S{Interlocked.Increment(ref _sequence):D5}", now), now);
        ticket.ApplyTriage(new TriageResult(Category.Question, severity, ["test"]), now);
        if (assignee is not null)
        {
            ticket.Assign(assignee, "test", Actors.System, now);
            if (acknowledged)
            {
                ticket.MoveTo(TicketStatus.Open, assignee, now);
            }
        }

        Assert.True(await Writer.TryCreateAsync(ticket, CancellationToken.None));
        return ticket.Reference;
    }

    public async Task<Ticket> GetAsync(string reference) => (await Store.GetAsync(reference, CancellationToken.None))!;

    public async Task<Ticket?> ChangeAsync(string reference, Action<Ticket, DateTimeOffset> change) =>
        (await Writer.UpdateAsync(reference, t =>
        {
            change(t.Ticket, Time.GetUtcNow());
            return true;
        }, CancellationToken.None))?.Ticket;

    public Task HandleAsync(string reference) => Handler.HandleAsync(reference, CancellationToken.None);

    public async Task<SlaTargetState> TargetAsync(string reference, string target) =>
        (await GetAsync(reference)).Sla.Single(t => t.Target == target);

    public IReadOnlyList<OutgoingMail> MailTo(string person) => [.. Mail.Sent.Where(m => m.To.Any(t => t.Email == $"{person}@example.com"))];
}
