namespace Support.Core.Voice;

/// <summary>A Twilio webhook as the host received it: the POSTed form fields and the URL's query parameters.</summary>
public sealed record VoiceRequest(IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Query)
{
    public VoiceRequest(IReadOnlyDictionary<string, string> form)
        : this(form, new Dictionary<string, string>())
    {
    }

    public string? Field(string name) =>
        Form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
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
