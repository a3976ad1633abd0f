using Support.Core.Domain;
using Support.Core.Tickets;

namespace Support.Core.Ports;

/// <summary>Durable tickets and the inquiries they came from.</summary>
public interface ITicketStore
{
    /// <summary>
    /// Stores an accepted inquiry under its reference, unless one is stored there already: then
    /// says whether that one came from the same source (a retry) or from another (a clash).
    /// </summary>
    Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken);

    Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Removes an inquiry that could not be handed on, so a failed intake leaves nothing half-done.</summary>
    Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken);

    /// <summary>The ticket under <paramref name="reference"/>, to read; <see cref="LoadAsync"/> loads it for a change.</summary>
    Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken);

    /// <summary>The ticket under <paramref name="reference"/> with what saving it again takes (<see cref="StoredTicket"/>), in the same one read.</summary>
    Task<StoredTicket?> LoadAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// The ticket under <paramref name="reference"/> and the inquiry intake accepted there, in one read: while triage has
    /// not opened the ticket yet, the inquiry is what a follow-up that arrives in between threads against.
    /// </summary>
    Task<TicketLookup> LookUpAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a customer message for a ticket not opened yet beside its inquiry, under <paramref name="key"/> (the same
    /// key twice keeps it once), so that creating the ticket records it. False when something changed since
    /// <paramref name="lookup"/> (the ticket was opened, or another message held): look up again and retry.
    /// </summary>
    Task<bool> HoldCustomerMessageAsync(TicketLookup lookup, string key, TimelineEvent message, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the ticket with its timeline, unless it exists already, or (with
    /// <paramref name="whileInquiryStored"/>) unless its inquiry is gone: intake withdraws an inquiry it
    /// answered 503 for, and one withdrawn must never become a ticket however its message got queued.
    /// With <paramref name="whileInquiryStored"/>, the customer messages held for it
    /// (<see cref="HoldCustomerMessageAsync"/>) go on its timeline in the same write
    /// (<see cref="StoredTicket.AbsorbHeldMessages"/>), each exactly once, however the create and the holds interleave.
    /// Once created, <paramref name="ticket"/> carries its version (<see cref="StoredTicket.MarkPersisted"/>).
    /// </summary>
    Task<TicketCreation> CreateAsync(StoredTicket ticket, bool whileInquiryStored, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the ticket's state and its new timeline events together, only if nobody changed the
    /// ticket since it was loaded; otherwise throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task SaveAsync(StoredTicket ticket, CancellationToken cancellationToken);

    Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// What <see cref="ITicketStore.LookUpAsync"/> found under <see cref="Reference"/>: the ticket, if opened (as stored, so it
/// can be changed); the inquiry intake accepted; before the ticket is opened, <see cref="HeldVersion"/>, the store's version
/// of the messages held for it.
/// </summary>
public sealed record TicketLookup(string Reference, StoredTicket? Stored, Inquiry? Inquiry, string? HeldVersion = null)
{
    public Ticket? Ticket => Stored?.Ticket;

    /// <summary>The ticket; before it is opened, a stand-in opened from the inquiry (never stored); null when there is neither.</summary>
    public Ticket? Conversation => Ticket ?? (Inquiry is { } inquiry ? Ticket.Open(inquiry, inquiry.ReceivedAt) : null);
}

public enum TicketCreation
{
    Created,
    Exists,

    /// <summary>The inquiry was withdrawn (intake refused it): nothing was created.</summary>
    InquiryWithdrawn,
}

public enum InquiryStoreStatus
{
    Stored,
    Duplicate,
    Clash,
}

public sealed record InquiryStoreOutcome(InquiryStoreStatus Status, Inquiry? Existing)
{
    public static InquiryStoreOutcome Stored { get; } = new(InquiryStoreStatus.Stored, null);

    public static InquiryStoreOutcome Clash { get; } = new(InquiryStoreStatus.Clash, null);

    public static InquiryStoreOutcome DuplicateOf(Inquiry existing) => new(InquiryStoreStatus.Duplicate, existing);
}

public sealed record TicketQuery
{
    public Channel? Channel { get; init; }
    public TicketStatus? Status { get; init; }
    public string? Requester { get; init; }
    public string? Assignee { get; init; }
    public Category? Category { get; init; }
    public Severity? Severity { get; init; }

    /// <summary>Only tickets whose requester writes from this organisation (<see cref="Domain.Organisation.Of"/>).</summary>
    public string? Organisation { get; init; }

    /// <summary>Only tickets with a running SLA target due at or before this time ("breaching within N minutes").</summary>
    public DateTimeOffset? SlaDueBefore { get; init; }

    public int PageSize { get; init; } = 50;
    public string? Continuation { get; init; }
}

public sealed record TicketPage(IReadOnlyList<Ticket> Items, string? Continuation);

public sealed class ConcurrencyConflictException(string reference)
    : Exception($"Ticket {reference} was changed by someone else since it was read.")
{
    public string Reference { get; } = reference;
}

/// <summary>Storage (or the queue) cannot be reached: the caller should answer 503 or let the message be retried.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
