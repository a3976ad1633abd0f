using System.Collections.Concurrent;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Voice;


namespace Support.Tests.Fakes;

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

/// <summary>Twilio's media host: answers "not yet" (its 404) <see cref="NotFoundFirst"/> times, then the audio.</summary>
internal sealed class FakeRecordingFetcher : IRecordingFetcher
{
    public static readonly byte[] Audio = [0xFF, 0xFB, 0x90, 0x64, 1, 2, 3, 4];

    private int _calls;

    public int NotFoundFirst { get; set; }

    public List<string> Fetched { get; } = [];

    public Task<RecordingAudio?> FetchAsync(string recordingSid, CancellationToken cancellationToken)
    {
        lock (Fetched)
        {
            Fetched.Add(recordingSid);
            return Task.FromResult(++_calls <= NotFoundFirst ? null : new RecordingAudio(BinaryData.FromBytes(Audio), "audio/mpeg"));
        }
    }
}
