namespace Support.Core.Voice;

/// <summary>Timeline event types the voice channel adds to a ticket after it was opened.</summary>
public static class VoiceTimelineEvents
{
    public const string VoicemailRecording = "voicemail-recording";
    public const string VoicemailTranscription = "voicemail-transcription";

    /// <summary>Our copy of the recording is stored (<c>blob</c> in the recordings container, <c>contentType</c>, <c>size</c>).</summary>
    public const string VoicemailAudio = "voicemail-audio";
}
