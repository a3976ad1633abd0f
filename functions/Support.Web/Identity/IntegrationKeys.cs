using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Support.Web.Identity;

/// <summary>
/// The keys machines (scripts, integrations) call the staff API with: <c>IntegrationKeys__&lt;name&gt;</c>
/// settings (Key Vault references in Azure), one per integration so each can be revoked alone and the
/// timeline names which one acted. Sent in the <c>x-functions-key</c> header only.
/// </summary>
public sealed class IntegrationKeys(IConfiguration configuration)
{
    public const string Section = "IntegrationKeys";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    /// <summary>The name of the key presented; null when it matches none.</summary>
    public string? NameOf(string? presented)
    {
        string? found = null;

        // Every key is compared, so the time taken says nothing about which one nearly matched.
        foreach (var key in configuration.GetSection(Section).GetChildren())
        {
            if (Matches(key.Value, presented))
            {
                found ??= key.Key;
            }
        }

        return found;
    }

    public static bool Matches(string? expected, string? presented)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
