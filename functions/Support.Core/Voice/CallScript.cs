namespace Support.Core.Voice;

/// <summary>The steps of a call the voice channel uses (TwiML's verbs): call-flow decisions as data, written as TwiML at the Twilio edge (<see cref="Ports.ICallScriptWriter"/>).</summary>
public abstract record TwimlVerb;

public sealed record Say(string Text, string? Voice = null, string? Language = null) : TwimlVerb;

/// <summary>Dials one number; <see cref="WhisperUrl"/> runs on the callee's leg before the two are connected.</summary>
public sealed record Dial(
    string Number,
    string? CallerId,
    int TimeoutSeconds,
    string Action,
    string? WhisperUrl) : TwimlVerb;

public sealed record Record(
    int MaxLengthSeconds,
    string Action,
    string TranscribeCallback,
    string RecordingStatusCallback,
    string FinishOnKey,
    bool PlayBeep) : TwimlVerb;

public sealed record Gather(int NumDigits, string Action, int TimeoutSeconds, IReadOnlyList<Say> Prompt) : TwimlVerb;

public sealed record Hangup : TwimlVerb;

public sealed record Redirect(string Url) : TwimlVerb;

/// <summary>What Twilio runs next on a call: its verbs in order (none ends a callback or a whisper).</summary>
public sealed record CallScript(IReadOnlyList<TwimlVerb> Verbs)
{
    public static CallScript Empty { get; } = new([]);

    public static CallScript Of(params TwimlVerb[] verbs) => new(verbs);
}
