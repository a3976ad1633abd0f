using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Support.Core.Mail;
using Support.Core.Ports;
using Twilio.Security;

namespace Support.Adapters.Twilio;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> with Twilio's own <see cref="RequestValidator"/>, so the app
/// follows Twilio's changes to the scheme (URL with and without the default port, parameter order).
/// The URL is rebuilt from <c>PublicBaseUrl</c>, because behind the Functions front end or a proxy
/// the request's own URL is not the one Twilio signed.
/// </summary>
public sealed class TwilioSignature(IOptions<TwilioOptions> twilio, IOptions<SiteOptions> site) : IWebhookSignature
{
    public const string Header = "X-Twilio-Signature";

    string IWebhookSignature.Header => Header;

    /// <summary>
    /// True when <paramref name="signature"/> signs the request to <paramref name="pathAndQuery"/>
    /// (as received, query still encoded) with <paramref name="form"/>. False when the token is not configured.
    /// </summary>
    public bool IsValid(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        var token = twilio.Value.AuthToken;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        return Matches(token, PublicUrl(pathAndQuery), form, signature);
    }

    /// <summary>The URL Twilio was given for <paramref name="pathAndQuery"/>.</summary>
    public string PublicUrl(string pathAndQuery) =>
        site.Value.PublicBaseUrl.TrimEnd('/') + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);

    /// <summary>
    /// Twilio's validator over the form as the .NET library reads one: a name given more than once
    /// counts as its values joined by commas.
    /// </summary>
    public static bool Matches(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return false;
        }

        return new RequestValidator(authToken).Validate(url, Collect(form), signature.Trim());
    }

    /// <summary>
    /// The signature Twilio sends for a request to <paramref name="url"/> with <paramref name="form"/>:
    /// what the tests and the benchmarks sign their requests with, as Twilio's servers would.
    /// </summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var parameters = Collect(form);
        var data = new StringBuilder(url);
        foreach (var name in parameters.AllKeys.Order(StringComparer.Ordinal))
        {
            data.Append(name).Append(parameters[name]);
        }

        // SHA-1 is Twilio's choice, not ours; as an HMAC it still authenticates.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    private static NameValueCollection Collect(IEnumerable<KeyValuePair<string, string>> form)
    {
        var parameters = new NameValueCollection(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            parameters.Add(name, value);
        }

        return parameters;
    }
}
