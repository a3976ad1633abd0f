using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Adapters.Twilio;

/// <summary>
/// Downloads a recording as MP3 from Twilio's media address, built from our own settings and the
/// recording SID (never from the callback's URL, so the credentials only ever go to Twilio).
/// </summary>
public sealed class TwilioRecordingFetcher(HttpClient http, IOptions<TwilioOptions> options) : IRecordingFetcher
{
    public async Task<RecordingAudio?> FetchAsync(string recordingSid, CancellationToken cancellationToken)
    {
        if (!TwilioSid.IsValid(recordingSid, "RE"))
        {
            throw new ArgumentException("Not a recording SID.", nameof(recordingSid));
        }

        var twilio = options.Value;
        if (!TwilioSid.IsValid(twilio.AccountSid, "AC") || string.IsNullOrEmpty(twilio.AuthToken))
        {
            throw new InvalidOperationException("The Twilio__AccountSid and Twilio__AuthToken settings are needed to fetch recordings.");
        }

        var address = new Uri(twilio.ApiBaseUrl, $"2010-04-01/Accounts/{twilio.AccountSid}/Recordings/{recordingSid}.mp3");
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(twilio.AccountSid + ":" + twilio.AuthToken)));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RecordingAudio(BinaryData.FromBytes(content), response.Content.Headers.ContentType?.MediaType ?? "audio/mpeg");
    }
}
