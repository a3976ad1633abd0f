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

/// <summary>The query parameters the call flow puts in its own callback URLs.</summary>
public static class VoiceHookParameters
{
    /// <summary>The region, in our own callback URLs (the recording callback carries no <c>To</c>).</summary>
    public const string Region = "region";

    /// <summary>The person a call was put through to.</summary>
    public const string Person = "person";
}
