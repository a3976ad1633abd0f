namespace Support.Core.Voice;

/// <summary>
/// The voice provider's webhooks, by what they are for. Their paths and public URLs belong to the
/// web edge (<see cref="Ports.IVoiceLinks"/>); the call flow only names which one comes next.
/// </summary>
public enum VoiceHook
{
    Incoming,
    DialStatus,
    Whisper,
    VoicemailDone,
    Recording,
    Transcription,
}
