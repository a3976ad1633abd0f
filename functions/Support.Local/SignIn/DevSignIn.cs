using Microsoft.AspNetCore.DataProtection;
using Support.Web.Identity;

namespace Support.Local.SignIn;

/// <summary>
/// The local host's stand-in for Easy Auth: <c>/.auth/login/dev</c> puts a session cookie on the browser
/// (HttpOnly, SameSite=Strict, its value protected by ASP.NET Data Protection so it cannot be written by
/// hand) naming a roster id or an address, and every staff route reads the person from it.
/// </summary>
public sealed class DevSignIn(IDataProtectionProvider protection, TimeProvider time) : ISignInReader
{
    public const string CookieName = "support_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string RosterIdPrefix = "id:";
    private const string EmailPrefix = "email:";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Support.Local.DevSignIn").ToTimeLimitedDataProtector();

    public SignedInUser? Read(HttpRequest request)
    {
        var cookie = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        string who;
        try
        {
            who = _protector.Unprotect(cookie, out var expires);
            if (expires < time.GetUtcNow())
            {
                return null;
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return who.StartsWith(RosterIdPrefix, StringComparison.Ordinal)
            ? new SignedInUser(who[RosterIdPrefix.Length..], null, who[RosterIdPrefix.Length..])
            : who.StartsWith(EmailPrefix, StringComparison.Ordinal) ? new SignedInUser(null, who[EmailPrefix.Length..], who[EmailPrefix.Length..]) : null;
    }

    /// <summary>Signs the browser in as a roster id or, for an address, as whoever has it (who may be on no roster: the API then says so).</summary>
    public void SignIn(HttpResponse response, string rosterIdOrEmail)
    {
        var value = (rosterIdOrEmail.Contains('@', StringComparison.Ordinal) ? EmailPrefix : RosterIdPrefix) + rosterIdOrEmail;
        response.Cookies.Append(CookieName, _protector.Protect(value, time.GetUtcNow() + Lifetime), Options(response.HttpContext.Request));
    }

    public static void SignOut(HttpResponse response) => response.Cookies.Delete(CookieName, Options(response.HttpContext.Request));

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
