using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Support.Core.Mail;

namespace Support.Adapters.Twilio;

/// <summary>
/// Checks <c>X-Twilio-Signature</c>: base64 HMAC-SHA1, keyed with the auth token, of the URL
/// Twilio called followed by each form parameter's name and value, sorted by name. The URL is
/// rebuilt from <c>PublicBaseUrl</c>, because behind the Functions front end or a proxy the
/// request's own URL is not the one Twilio signed.
/// </summary>
public sealed class TwilioSignature(IOptions<TwilioOptions> twilio, IOptions<SiteOptions> site)
{
    public const string Header = "X-Twilio-Signature";

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
    /// Checks the signature against <paramref name="url"/> as given, and with the scheme's default
    /// port added or removed: Twilio signs the URL as configured, which may or may not spell the port.
    /// </summary>
    public static bool Matches(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var parameters = form.ToList();
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            // No early exit: every variant is computed, so timing does not tell which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(Hash(authToken, candidate, parameters), given);
        }

        return valid;
    }

    /// <summary>The base64 signature Twilio sends for a request to <paramref name="url"/> with <paramref name="form"/>.</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form) =>
        Convert.ToBase64String(Hash(authToken, url, form));

    private static byte[] Hash(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);

        // Ordinal order, as Twilio sorts; a repeated name contributes each of its values, in order.
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        // SHA-1 is Twilio's choice, not ours; as an HMAC it still authenticates.
#pragma warning disable CA5350
        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield break;
        }

        var authorityEnd = url.IndexOf('/', uri.Scheme.Length + 3);
        var authority = authorityEnd < 0 ? url[(uri.Scheme.Length + 3)..] : url[(uri.Scheme.Length + 3)..authorityEnd];
        var rest = authorityEnd < 0 ? string.Empty : url[authorityEnd..];
        var prefix = uri.Scheme + "://";
        var hostOnly = authority.LastIndexOf(':') is var colon and > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
        if (hostOnly != authority)
        {
            yield return prefix + hostOnly + rest;
        }
        else
        {
            yield return prefix + authority + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + rest;
        }
    }
}
