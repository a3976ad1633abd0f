namespace Support.Core.Voice;

/// <summary>Timeline event types the voice channel adds to a ticket after it was opened.</summary>
public static class VoiceTimelineEvents
{
    public const string VoicemailRecording = "voicemail-recording";
    public const string VoicemailTranscription = "voicemail-transcription";
}
