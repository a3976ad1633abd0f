using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Support.Adapters.Twilio;
using Xunit;

namespace Support.IntegrationTests.Voice;

/// <summary>Plays Twilio: signed webhook posts to the voice host, and what a test needs to follow the TwiML it gets back.</summary>
public sealed class Twilio(HttpClient client)
{
    public const string UkLine = "+442079460100";
    public const string UsLine = "+12025550142";
    public const string AmirasPhone = "+447700900123";

    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    private static int _lastCaller = Random.Shared.Next(1000);

    /// <summary>A London number no other test in the run uses (020 7946 0000–0999 is reserved for drama, so never real).</summary>
    public static string NewCaller() =>
        "+442079460" + (Interlocked.Increment(ref _lastCaller) % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts <paramref name="form"/> to <paramref name="url"/> (a path, or one of our absolute callback URLs) with a valid signature.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, params (string Name, string Value)[] form) =>
        SendAsync(url, form, signature: publicUrl => TwilioSignature.Compute(VoiceHostFixture.AuthToken, publicUrl, Pairs(form)));

    public Task<HttpResponseMessage> PostWithSignatureAsync(string url, string? signature, params (string Name, string Value)[] form) =>
        SendAsync(url, form, _ => signature);

    /// <summary>Posts and parses the answer as TwiML; the test fails if it is not a 200 XML document with a Response root.</summary>
    public async Task<XElement> TwimlAsync(string url, params (string Name, string Value)[] form)
    {
        using var response = await PostAsync(url, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return root;
    }

    public async Task<JsonArray> TicketsOfAsync(HttpClient staff, string phone)
    {
        var list = await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?channel=voice&requester={Uri.EscapeDataString(phone)}");
        return list!["items"]!.AsArray();
    }

    private async Task<HttpResponseMessage> SendAsync(string url, (string Name, string Value)[] form, Func<string, string?> signature)
    {
        // Our callback URLs are absolute (PublicBaseUrl); the host is reached at their path and query.
        var pathAndQuery = url.StartsWith('/') ? url : new Uri(url).PathAndQuery;
        var publicUrl = VoiceHostFixture.PublicBaseUrl + pathAndQuery;
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(Pairs(form)) };
        if (signature(publicUrl) is { } value)
        {
            request.Headers.Add(TwilioSignature.Header, value);
        }

        return await client.SendAsync(request);
    }

    private static List<KeyValuePair<string, string>> Pairs((string Name, string Value)[] form) =>
        [.. form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];
}
