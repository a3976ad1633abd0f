using System.Security.Cryptography;
using System.Text;

namespace Support.Web.Engineering;

/// <summary>
/// GitHub's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with the
/// webhook secret&gt;</c>, compared in constant time. No secret configured means no delivery is genuine.
/// </summary>
public static class GitHubWebhookSignature
{
    public const string Header = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    public static bool IsValid(string? secret, ReadOnlySpan<byte> body, string? presented)
    {
        if (string.IsNullOrEmpty(secret) || presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal)
            || presented.Length != Prefix.Length + (2 * HMACSHA256.HashSizeInBytes))
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

        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), claimed);
    }

    /// <summary>The header value GitHub would send for <paramref name="body"/> (the local delivery helper signs with it).</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
