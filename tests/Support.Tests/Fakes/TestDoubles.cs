using System.Collections.Concurrent;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Tests.Fakes;

public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, BinaryData> _blobs = new();

    public IReadOnlyDictionary<string, BinaryData> Blobs => _blobs;

    public Task<string> PutAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        _blobs.TryAdd($"{container}/{name}", content);
        return Task.FromResult(name);
    }

    public Task<BinaryData?> GetAsync(string container, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.GetValueOrDefault($"{container}/{name}"));
}

public sealed class RecordingQueue : IQueuePublisher
{
    private readonly ConcurrentQueue<(string Queue, BinaryData Body, string MessageId)> _sent = new();
    private readonly ConcurrentQueue<(string Queue, BinaryData Body)> _undelivered = new();

    public bool Unavailable { get; set; }

    /// <summary>The next message put on this queue is refused, as a process dying before it was queued would leave it.</summary>
    public string? RefuseNextOn { get; set; }

    public IReadOnlyList<(string Queue, BinaryData Body, string MessageId)> Sent => [.. _sent];

    public IReadOnlyList<BinaryData> On(string queue) => [.. _sent.Where(m => m.Queue == queue).Select(m => m.Body)];

    public Task PublishAsync(string queue, BinaryData body, string messageId, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new StorageUnavailableException("queue is down (test)");
        }

        if (RefuseNextOn == queue)
        {
            RefuseNextOn = null;
            throw new StorageUnavailableException($"{queue} refused the message (test)");
        }

        _sent.Enqueue((queue, body, messageId));
        _undelivered.Enqueue((queue, body));
        return Task.CompletedTask;
    }

    /// <summary>Takes the oldest message not taken yet, as a consumer would.</summary>
    public bool TryTake(out (string Queue, BinaryData Body) message) => _undelivered.TryDequeue(out message);
}

public sealed class RecordingMailSender : IMailSender
{
    private readonly ConcurrentQueue<OutgoingMail> _sent = new();

    public Func<OutgoingMail, MailSendResult>? Respond { get; set; }

    public IReadOnlyList<OutgoingMail> Sent => [.. _sent];

    public Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        _sent.Enqueue(mail);
        return Task.FromResult(Respond?.Invoke(mail) ?? MailSendResult.Sent);
    }
}

public sealed class InMemoryRosterStore(RosterDocument roster) : IRosterStore
{
    public RosterDocument Roster { get; set; } = roster;

    public bool Broken { get; set; }

    public Task<RosterDocument> GetAsync(CancellationToken cancellationToken) =>
        Broken ? throw new StorageUnavailableException("roster table down (test)") : Task.FromResult(Roster);

    public Task<VersionedRoster> GetForEditAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new VersionedRoster(Roster, Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public Task<RosterSave> SaveAsync(RosterDocument roster, string savedBy, string? ifMatch, CancellationToken cancellationToken)
    {
        if (ifMatch != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return Task.FromResult(RosterSave.Stale(new VersionedRoster(Roster, Version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Roster = roster;
        Version++;
        return Task.FromResult(RosterSave.Saved(new VersionedRoster(roster, Version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private int Version { get; set; } = 1;
}
