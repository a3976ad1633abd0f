namespace Support.Core.Ports;

/// <summary>Twilio's copy of a call recording, fetched with the account's credentials so staff never need a Twilio login.</summary>
public interface IRecordingFetcher
{
    /// <summary>
    /// The recording's audio, or null when Twilio has none to give yet (it answers 404 for a
    /// moment after the recording callback); the caller tries again later.
    /// </summary>
    Task<RecordingAudio?> FetchAsync(string recordingSid, CancellationToken cancellationToken);
}

public sealed record RecordingAudio(BinaryData Content, string ContentType);
