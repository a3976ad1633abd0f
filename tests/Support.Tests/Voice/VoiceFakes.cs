using System.Collections.Concurrent;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Voice;

namespace Support.Tests.Voice;

internal sealed class InMemoryTicketStore : ITicketStore
{
    private readonly ConcurrentDictionary<string, Inquiry> _inquiries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TicketState State, List<TimelineEvent> Timeline, int Version)> _tickets = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Inquiry> Inquiries => [.. _inquiries.Values];

    public int TicketCount
    {
        get
        {
            lock (_tickets)
            {
                return _tickets.Count;
            }
        }
    }

    public Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        var stored = _inquiries.GetOrAdd(inquiry.Reference, inquiry);
        if (ReferenceEquals(stored, inquiry))
        {
            return Task.FromResult(InquiryStoreOutcome.Stored);
        }

        return Task.FromResult(stored.SourceId == inquiry.SourceId ? InquiryStoreOutcome.DuplicateOf(stored) : InquiryStoreOutcome.Clash);
    }

    public Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(_inquiries.GetValueOrDefault(reference));

    public Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken)
    {
        _inquiries.TryRemove(reference, out _);
        return Task.CompletedTask;
    }

    public Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_tickets)
        {
            return Task.FromResult(_tickets.TryGetValue(reference, out var row)
                ? Ticket.Restore(row.State, [.. row.Timeline], row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : null);
        }
    }

    public Task<bool> TryCreateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (_tickets)
        {
            if (!_tickets.TryAdd(ticket.Reference, (ticket.ToState(), [.. ticket.Timeline], 1)))
            {
                return Task.FromResult(false);
            }
        }

        ticket.MarkPersisted("1");
        return Task.FromResult(true);
    }

    public Task SaveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (_tickets)
        {
            var row = _tickets[ticket.Reference];
            if (row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != ticket.ETag)
            {
                throw new ConcurrencyConflictException(ticket.Reference);
            }

            _tickets[ticket.Reference] = (ticket.ToState(), [.. row.Timeline, .. ticket.NewEvents], row.Version + 1);
            ticket.MarkPersisted((row.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        lock (_tickets)
        {
            return Task.FromResult(new TicketPage(
                [.. _tickets.Values.Select(r => Ticket.Restore(r.State, [.. r.Timeline], r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
                null));
        }
    }
}

internal sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, BinaryData> _blobs = new(StringComparer.Ordinal);

    public Task<string> PutAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        _blobs.TryAdd(container + "/" + name, content);
        return Task.FromResult(name);
    }

    public Task<BinaryData?> GetAsync(string container, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.GetValueOrDefault(container + "/" + name));
}

internal sealed class InMemoryQueues : IQueuePublisher
{
    private readonly ConcurrentQueue<(string Queue, BinaryData Body)> _messages = new();

    public Task PublishAsync(string queue, BinaryData body, string messageId, CancellationToken cancellationToken)
    {
        _messages.Enqueue((queue, body));
        return Task.CompletedTask;
    }

    public bool TryTake(out (string Queue, BinaryData Body) message) => _messages.TryDequeue(out message);
}

internal sealed class FixedRosterStore(RosterDocument roster) : IRosterStore
{
    public RosterDocument Roster { get; set; } = roster;

    public bool Broken { get; set; }

    public Task<RosterDocument> GetAsync(CancellationToken cancellationToken) =>
        Broken ? throw new StorageUnavailableException("roster table down") : Task.FromResult(Roster);

    public Task SaveAsync(RosterDocument roster, CancellationToken cancellationToken)
    {
        Roster = roster;
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryVoicemailStore : IVoicemailStore
{
    private readonly Dictionary<string, (VoicemailRecord Record, int Version)> _rows = new(StringComparer.Ordinal);

    public Task<VoicemailRecord?> GetAsync(string callSid, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.TryGetValue(callSid, out var row)
                ? row.Record with { ETag = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : null);
        }
    }

    public Task<string?> TrySaveAsync(VoicemailRecord record, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            var exists = _rows.TryGetValue(record.CallSid, out var row);
            var expected = record.ETag;
            if ((expected is null && exists) || (expected is not null && (!exists || row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != expected)))
            {
                return Task.FromResult<string?>(null);
            }

            var version = exists ? row.Version + 1 : 1;
            _rows[record.CallSid] = (record with { ETag = null }, version);
            return Task.FromResult<string?>(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Task<IReadOnlyList<VoicemailRecord>> ListUnsettledAsync(CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return Task.FromResult<IReadOnlyList<VoicemailRecord>>(
                [.. _rows.Values.Where(r => !r.Record.Settled).Select(r => r.Record with { ETag = r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);
        }
    }
}

internal sealed class FixedRequesterDirectory : IRequesterDirectory
{
    public Dictionary<string, Requester> Known { get; } = new(StringComparer.Ordinal);

    public Task<Requester?> FindByPhoneAsync(string e164, CancellationToken cancellationToken) =>
        Task.FromResult(Known.GetValueOrDefault(e164));
}
