using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Support.Web;

/// <summary>
/// The staff key check of the local host, the same way Azure Functions checks function keys:
/// the <c>x-functions-key</c> header or the <c>code</c> query parameter, against <c>AdminApiKey</c>.
/// </summary>
public sealed class AdminKeyGate(IConfiguration configuration)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public bool Allows(HttpRequest request) => Matches(configuration["AdminApiKey"], Presented(request));

    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        return string.IsNullOrEmpty(header) ? request.Query[QueryName].ToString() : header;
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
