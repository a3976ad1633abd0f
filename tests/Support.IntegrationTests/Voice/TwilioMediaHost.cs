using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Support.IntegrationTests.Voice;

/// <summary>
/// Twilio's media host as the app meets it: recordings under
/// <c>/2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3</c> behind HTTP Basic auth
/// (account SID and auth token), answering 404 the first time a recording is asked for, as Twilio
/// does for a moment after the recording callback.
/// </summary>
public sealed class TwilioMediaHost(string accountSid, string authToken) : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("https://twilio-media.test/");

    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.Ordinal);

    /// <summary>How often each recording was asked for (with the right credentials).</summary>
    public int TimesAsked(string recordingSid) => _asked.GetValueOrDefault(recordingSid);

    /// <summary>The MP3 this host serves for a recording: distinct per SID, with bytes no text decoding would keep.</summary>
    public static byte[] Mp3(string recordingSid) =>
        [0xFF, 0xFB, 0x90, 0x64, 0x00, 0xC3, 0xA9, 0xFE, .. Encoding.ASCII.GetBytes(recordingSid), .. Enumerable.Range(0, 256).Select(i => (byte)i)];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var expected = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + authToken)));
        if (request.Method != HttpMethod.Get || request.RequestUri?.Host != BaseUrl.Host)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest));
        }

        if (request.Headers.Authorization?.ToString() != expected.ToString())
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
        }

        var prefix = $"/2010-04-01/Accounts/{accountSid}/Recordings/";
        var path = request.RequestUri.AbsolutePath;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(".mp3", StringComparison.Ordinal))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        var sid = path[prefix.Length..^".mp3".Length];
        if (_asked.AddOrUpdate(sid, 1, (_, n) => n + 1) == 1)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        var content = new ByteArrayContent(Mp3(sid));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
