using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Support.Web.Identity;

/// <summary>
/// App Service Authentication (Easy Auth): the platform signs the person in with Entra ID and hands the
/// app <c>X-MS-CLIENT-PRINCIPAL</c>, base64 JSON <c>{"auth_typ", "claims": [{"typ", "val"}], "name_typ", "role_typ"}</c>.
/// The platform strips that header from what clients send only while its authentication is on, so the
/// header is believed only when the platform says so (<c>WEBSITE_AUTH_ENABLED=True</c>); otherwise
/// anyone could write it.
/// </summary>
public sealed class EasyAuthSignIn(IConfiguration configuration) : ISignInReader
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    // Entra ID puts the sign-in address in preferred_username (v2 tokens), upn or email (v1), depending on the account.
    private static readonly string[] EmailClaims =
    [
        "preferred_username",
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
    ];

    public bool Enabled => string.Equals(configuration[EnabledSetting], "True", StringComparison.OrdinalIgnoreCase);

    public SignedInUser? Read(HttpRequest request)
    {
        var header = request.Headers[PrincipalHeader].ToString();
        return Enabled && header.Length > 0 ? Parse(header) : null;
    }

    /// <summary>The person in an <c>X-MS-CLIENT-PRINCIPAL</c> value; null when it is not one or names no address.</summary>
    public static SignedInUser? Parse(string header)
    {
        try
        {
            using var principal = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            if (!principal.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var values = claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String && c.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
                .Select(c => (Type: c.GetProperty("typ").GetString()!, Value: c.GetProperty("val").GetString()!))
                .ToList();
            var email = EmailClaims.Select(type => values.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase)).Value)
                .FirstOrDefault(v => v is not null && v.Contains('@', StringComparison.Ordinal));
            var name = values.FirstOrDefault(c => c.Type == "name").Value ?? email;
            return email is null ? null : new SignedInUser(null, email.Trim(), name!);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
