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

/// <summary>What a voice route answers: a script for Twilio to run, or the reason it refuses the webhook with an error status.</summary>
public sealed record VoiceReply(int StatusCode, CallScript? Script, string? Reason)
{
    public static VoiceReply Twiml(CallScript script) => new(200, script, null);

    /// <summary>A callback was taken in; Twilio ignores the body of callback responses.</summary>
    public static VoiceReply Accepted { get; } = new(200, CallScript.Empty, null);

    public static VoiceReply BadRequest(string reason) => new(400, null, reason);
}

/// <summary>One voice webhook. The host checks the Twilio signature first, then calls <see cref="HandleAsync"/>.</summary>
public interface IVoiceRoute
{
    /// <summary>The path the route is served at, e.g. <c>/api/voice/incoming</c>.</summary>
    string Path { get; }

    Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken);
}
