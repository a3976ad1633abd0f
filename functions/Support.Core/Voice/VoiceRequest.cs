namespace Support.Core.Voice;

/// <summary>
/// A voice webhook as the call flow reads it: the provider's fields, read off the wire by the web
/// edge (<c>Support.Web/Voice/TwilioVoiceForm</c>), each trimmed and null when absent or blank.
/// </summary>
public sealed record VoiceRequest
{
    public string? CallSid { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Direction { get; init; }

    /// <summary>The keys the person on duty pressed at the whisper.</summary>
    public string? Digits { get; init; }

    public string? DialCallStatus { get; init; }

    public string? DialCallDuration { get; init; }

    public string? DialBridged { get; init; }

    public string? RecordingSid { get; init; }

    public string? RecordingStatus { get; init; }

    public string? RecordingUrl { get; init; }

    public string? RecordingDuration { get; init; }

    public string? TranscriptionStatus { get; init; }

    public string? TranscriptionText { get; init; }

    /// <summary>The region our own callback URL names (<see cref="Ports.IVoiceLinks"/>).</summary>
    public string? Region { get; init; }

    /// <summary>The person our own callback URL names: who the call was put through to.</summary>
    public string? Person { get; init; }
}

/// <summary>
/// What a voice route answers: a script for the provider to run, or the reason it refuses the
/// webhook (the same on every retry; the web edge answers it as a client error).
/// </summary>
public sealed record VoiceReply(CallScript? Script, string? Reason)
{
    public bool IsRefused => Reason is not null;

    public static VoiceReply Run(CallScript script) => new(script, null);

    /// <summary>A callback was taken in; Twilio ignores the body of callback responses.</summary>
    public static VoiceReply Accepted { get; } = new(CallScript.Empty, null);

    public static VoiceReply Refuse(string reason) => new(null, reason);
}

/// <summary>One voice webhook. The host checks the Twilio signature first, then calls <see cref="HandleAsync"/>.</summary>
public interface IVoiceRoute
{
    /// <summary>The webhook the route serves.</summary>
    VoiceHook Hook { get; }

    Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken);
}
