using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Support.Web.Slack;

/// <summary>
/// Slack's request signature (version 0): <c>X-Slack-Signature: v0=&lt;hex HMAC-SHA256 of
/// "v0:{X-Slack-Request-Timestamp}:{raw body}" keyed with the signing secret&gt;</c>, compared in constant time, and
/// the timestamp within <see cref="MaxAge"/> of now either way, so a recorded request cannot be replayed later.
/// No secret configured means no request is genuine.
/// </summary>
public static class SlackSignature
{
    public const string Header = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>Slack's own advice: refuse requests more than five minutes from the local clock.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Prefix = "v0=";

    public static bool IsValid(string? secret, string? timestamp, ReadOnlySpan<byte> body, string? presented, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret) || presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal)
            || presented.Length != Prefix.Length + (2 * HMACSHA256.HashSizeInBytes)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxAge)
        {
            return false;
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(presented.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp!, body), claimed);
    }

    /// <summary>The header value Slack would send for <paramref name="body"/> at <paramref name="timestamp"/> (the local helper signs with it).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var stem = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var signed = new byte[stem.Length + body.Length];
        stem.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(stem.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
