using Support.Core.Domain;
using Support.Core.Notifications;

namespace Support.Core.Tickets;

/// <summary>
/// A ticket as the store holds it, loaded for a change: the aggregate (<see cref="Ticket"/>), the outbox's
/// <see cref="MailLedger"/> kept in the same row, and what the store needs to save it again: the version it was
/// loaded at (<see cref="ETag"/>), how many timeline events it holds already, and the ownership it last stored.
/// <see cref="TicketWriter"/> writes it; the ticket itself knows nothing of being stored.
/// </summary>
public sealed class StoredTicket
{
    private StoredTicket(Ticket ticket, MailLedger mail, string? etag)
    {
        Ticket = ticket;
        Mail = mail;
        ETag = etag;
        if (etag is not null)
        {
            PersistedEventCount = ticket.Timeline.Count;
            StoredOwnership = ticket.Ownership;
        }
    }

    public Ticket Ticket { get; }

    public MailLedger Mail { get; }

    public string Reference => Ticket.Reference;

    /// <summary>The store's concurrency token for the state this ticket was loaded from; null for a ticket never stored.</summary>
    public string? ETag { get; private set; }

    /// <summary>How many timeline events the store already holds; later ones are new.</summary>
    public int PersistedEventCount { get; private set; }

    /// <summary>
    /// The ticket's <see cref="Ticket.Ownership"/> as the store last held it; null for a ticket never stored. Comparing the
    /// two tells what a save changes for the assignees' workload without reading the stored ticket.
    /// </summary>
    public TicketOwnership? StoredOwnership { get; private set; }

    /// <summary>
    /// The cap the assignment made since the last save was chosen under (<see cref="Assignment.AssignmentDecision.WithinCap"/>):
    /// the workload index refuses the save's change when the person reached it meanwhile. Null for any other assignment.
    /// </summary>
    public int? AssignedWithinCap { get; set; }

    public IReadOnlyList<TimelineEvent> NewEvents => Ticket.Timeline.Count == PersistedEventCount
        ? []
        : [.. Ticket.Timeline.Skip(PersistedEventCount)];

    /// <summary>A ticket not stored yet, with nothing claimed for it.</summary>
    public static StoredTicket New(Ticket ticket) => new(ticket, new MailLedger(), null);

    /// <summary>Rebuilds a stored ticket from its row and events; used by stores only.</summary>
    public static StoredTicket Restore(TicketState state, IEnumerable<TimelineEvent> timeline, string etag) =>
        new(Ticket.Restore(state, timeline), new MailLedger(state.MailsSent, state.MailClaims), etag);

    /// <summary>What the store keeps in the ticket's row: the ticket's state and the mail ledger.</summary>
    public TicketState ToState() => Ticket.ToState() with
    {
        MailsSent = [.. Mail.Sent.Order(StringComparer.Ordinal)],
        MailClaims = new Dictionary<string, MailClaim>(Mail.Claims, StringComparer.Ordinal),
    };

    /// <summary>
    /// Records, on a ticket being created, the customer messages held for it (<see cref="Ticket.AbsorbHeldMessages"/>);
    /// only before it is stored, since they go in the middle of its timeline.
    /// </summary>
    public int AbsorbHeldMessages(IEnumerable<TimelineEvent> held) => ETag is null
        ? Ticket.AbsorbHeldMessages(held)
        : throw new InvalidOperationException($"Ticket {Reference} is stored already: held messages are recorded only when it is opened.");

    /// <summary>Called by the store once the state and new events are saved.</summary>
    public void MarkPersisted(string etag)
    {
        PersistedEventCount = Ticket.Timeline.Count;
        ETag = etag;
        StoredOwnership = Ticket.Ownership;
        AssignedWithinCap = null;
    }
}
