namespace Support.Core.Voice;

/// <summary>Bound from the <c>Voice__*</c> settings.</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>How long the on-duty phone rings before the caller goes to voicemail.</summary>
    public int RingTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// How long a voicemail waits for its transcription callback (which carries the caller's
    /// number) before the sweep opens the ticket without it.
    /// </summary>
    public int VoicemailGraceMinutes { get; set; } = 10;
}
