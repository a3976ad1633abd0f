using Support.Core.Voice;

namespace Support.Core.Ports;

/// <summary>
/// Per-call voicemail state, so the recording and transcription callbacks (either order, each
/// possibly repeated) end up on one ticket.
/// </summary>
public interface IVoicemailStore
{
    Task<VoicemailRecord?> GetAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="record"/>: inserts it when its <see cref="VoicemailRecord.ETag"/> is null,
    /// otherwise replaces it only if the stored one still has that ETag. Returns the new ETag, or
    /// null when someone else inserted or changed it first (the caller reloads and retries).
    /// </summary>
    Task<string?> TrySaveAsync(VoicemailRecord record, CancellationToken cancellationToken);

    /// <summary>Records whose <see cref="VoicemailRecord.Settled"/> is false, for the sweep.</summary>
    Task<IReadOnlyList<VoicemailRecord>> ListUnsettledAsync(CancellationToken cancellationToken);
}
