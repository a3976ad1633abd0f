using Microsoft.Extensions.Options;
using Support.Core.Calendars;
using Support.Core.Ports;

namespace Support.Core.Voice;

/// <summary>The call scripts callers and staff hear, in the region's voice and language.</summary>
public sealed class CallScripts(IVoiceLinks links, IOptions<VoiceOptions> options)
{
    /// <summary>Twilio transcribes recordings of up to two minutes; a longer message would lose its text.</summary>
    public const int MaxVoicemailSeconds = 120;

    /// <summary>How long the person on duty has to press 1 once the whisper has played.</summary>
    public const int WhisperAnswerSeconds = 8;

    public CallScript ConnectTo(VoiceRegion region, string personId, string personPhone, string? calledNumber) => CallScript.Of(
        SayIn(region, region.Greeting),
        new Dial(
            personPhone,
            region.CallerIdFor(calledNumber),
            options.Value.RingTimeoutSeconds,
            links.Url(VoiceHook.DialStatus, region.Name, personId),
            links.Url(VoiceHook.Whisper, region.Name)));

    /// <summary>
    /// Says <paramref name="message"/>, then records a voicemail. The goodbye after <c>Record</c> is
    /// only reached when the caller leaves nothing (Twilio then skips the action URL).
    /// </summary>
    public CallScript Voicemail(VoiceRegion region, string message) => CallScript.Of(
        SayIn(region, message),
        new Record(
            MaxVoicemailSeconds,
            links.Url(VoiceHook.VoicemailDone, region.Name),
            links.Url(VoiceHook.Transcription, region.Name),
            links.Url(VoiceHook.Recording, region.Name),
            FinishOnKey: "#",
            PlayBeep: true),
        SayIn(region, region.Goodbye),
        new Hangup());

    public CallScript Goodbye(VoiceRegion region) => CallScript.Of(SayIn(region, region.Goodbye), new Hangup());

    public static CallScript Hangup() => CallScript.Of(new Hangup());

    /// <summary>
    /// Played to the person on duty. Without a 1 the leg hangs up, so the caller is never connected
    /// to a personal voicemail and the dial ends as not answered.
    /// </summary>
    public CallScript WhisperPrompt(VoiceRegion region) => CallScript.Of(
        new Gather(1, links.Url(VoiceHook.Whisper, region.Name), WhisperAnswerSeconds, [SayIn(region, region.WhisperPrompt)]),
        new Hangup());

    /// <summary>An empty document ends the whisper, which connects the two parties.</summary>
    public static CallScript WhisperAccepted() => CallScript.Empty;

    private static Say SayIn(VoiceRegion region, string text) => new(text, region.Voice, region.Language);
}
