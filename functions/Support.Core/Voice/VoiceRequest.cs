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

/// <summary>What a voice route answers: TwiML for Twilio to run, or a plain-text reason with an error status.</summary>
public sealed record VoiceReply(int StatusCode, string ContentType, string Body)
{
    public const string TwimlContentType = "application/xml; charset=utf-8";

    public static VoiceReply Twiml(string twiml) => new(200, TwimlContentType, twiml);

    /// <summary>A callback was taken in; Twilio ignores the body of callback responses.</summary>
    public static VoiceReply Accepted { get; } = new(200, TwimlContentType, Voice.Twiml.Render());

    public static VoiceReply BadRequest(string reason) => new(400, "text/plain; charset=utf-8", reason);
}

/// <summary>One voice webhook. The host checks the Twilio signature first, then calls <see cref="HandleAsync"/>.</summary>
public interface IVoiceRoute
{
    /// <summary>The path the route is served at, e.g. <c>/api/voice/incoming</c>.</summary>
    string Path { get; }

    Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken);
}
