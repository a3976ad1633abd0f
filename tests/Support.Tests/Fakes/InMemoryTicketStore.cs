using System.Collections.Concurrent;
using System.Text.Json;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Tests.Fakes;

/// <summary>
/// An in-memory ticket store with the same optimistic-concurrency rules as the table store:
/// every load is a copy, and a save with a stale ETag is refused.
/// </summary>
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly ConcurrentDictionary<string, Inquiry> _inquiries = new();
    private readonly ConcurrentDictionary<string, (TicketState State, List<TimelineEvent> Timeline, int Version)> _tickets = new();
    private readonly Dictionary<string, (Dictionary<string, TimelineEvent> Messages, int Version)> _held = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool Unavailable { get; set; }

    public int Saves { get; private set; }

    public IReadOnlyCollection<Inquiry> Inquiries => [.. _inquiries.Values];

    public int TicketCount => _tickets.Count;

    public IEnumerable<Ticket> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _tickets.Values.Select(t => Restore(t).Ticket)];
            }
        }
    }

    public Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        if (_inquiries.TryAdd(inquiry.Reference, inquiry))
        {
            return Task.FromResult(InquiryStoreOutcome.Stored);
        }

        var existing = _inquiries[inquiry.Reference];
        return Task.FromResult(existing.SourceId == inquiry.SourceId ? InquiryStoreOutcome.DuplicateOf(existing) : InquiryStoreOutcome.Clash);
    }

    public Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        return Task.FromResult(_inquiries.GetValueOrDefault(reference));
    }

    public Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        _inquiries.TryRemove(reference, out _);
        return Task.CompletedTask;
    }

    public async Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken) =>
        (await LoadAsync(reference, cancellationToken))?.Ticket;

    public Task<StoredTicket?> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            return Task.FromResult(_tickets.TryGetValue(reference, out var stored) ? Restore(stored) : null);
        }
    }

    public Task<TicketLookup> LookUpAsync(string reference, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            return Task.FromResult(_tickets.TryGetValue(reference, out var stored)
                ? new TicketLookup(reference, Restore(stored), _inquiries.GetValueOrDefault(reference))
                : new TicketLookup(reference, null, _inquiries.GetValueOrDefault(reference), _held.TryGetValue(reference, out var held) ? held.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        }
    }

    public Task<bool> HoldCustomerMessageAsync(TicketLookup lookup, string key, TimelineEvent message, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            var current = _held.TryGetValue(lookup.Reference, out var held) ? held.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (_tickets.ContainsKey(lookup.Reference) || current != lookup.HeldVersion)
            {
                return Task.FromResult(false);
            }

            var messages = held.Messages ?? new Dictionary<string, TimelineEvent>(StringComparer.Ordinal);
            messages[key] = message;
            _held[lookup.Reference] = (messages, held.Version + 1);
            return Task.FromResult(true);
        }
    }

    public Task<TicketCreation> CreateAsync(StoredTicket ticket, bool whileInquiryStored, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            if (_tickets.ContainsKey(ticket.Reference))
            {
                return Task.FromResult(TicketCreation.Exists);
            }

            if (whileInquiryStored && !_inquiries.ContainsKey(ticket.Reference))
            {
                return Task.FromResult(TicketCreation.InquiryWithdrawn);
            }

            if (whileInquiryStored && _held.Remove(ticket.Reference, out var held))
            {
                ticket.AbsorbHeldMessages(held.Messages.Values);
            }

            _tickets[ticket.Reference] = (Copy(ticket.ToState()), [.. ticket.Ticket.Timeline], 1);
            ticket.MarkPersisted("1");
            return Task.FromResult(TicketCreation.Created);
        }
    }

    public Task SaveAsync(StoredTicket ticket, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            var stored = _tickets[ticket.Reference];
            if (stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != ticket.ETag)
            {
                throw new ConcurrencyConflictException(ticket.Reference);
            }

            var timeline = new List<TimelineEvent>(stored.Timeline);
            timeline.AddRange(ticket.NewEvents);
            var version = stored.Version + 1;
            _tickets[ticket.Reference] = (Copy(ticket.ToState()), timeline, version);
            ticket.MarkPersisted(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Saves++;
            return Task.CompletedTask;
        }
    }

    public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable();
        lock (_lock)
        {
            var items = _tickets.Values
                .Select(t => Restore(t).Ticket)
                .Where(t => query.Status is null || t.Status == query.Status)
                .Where(t => query.Channel is null || t.Channel == query.Channel)
                .Where(t => query.Assignee is null || t.Assignee == query.Assignee)
                .Where(t => query.Category is null || t.Category == query.Category)
                .Where(t => query.Severity is null || t.Severity == query.Severity)
                .Where(t => query.SlaDueBefore is null || t.NextSlaDue <= query.SlaDueBefore)
                .Where(t => query.Requester is null || t.Requester.Email == query.Requester || t.Requester.Phone == query.Requester)
                .Where(t => query.Organisation is null || Organisation.Of(t.Requester.Email) == query.Organisation)
                .OrderByDescending(t => t.CreatedAt)
                .Take(query.PageSize)
                .ToList();
            return Task.FromResult(new TicketPage(items, null));
        }
    }

    private static StoredTicket Restore((TicketState State, List<TimelineEvent> Timeline, int Version) stored) =>
        StoredTicket.Restore(Copy(stored.State), stored.Timeline, stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static TicketState Copy(TicketState state) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(state, SupportJson.Default.TicketState), SupportJson.Default.TicketState)!;

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new StorageUnavailableException("storage is down (test)");
        }
    }
}
