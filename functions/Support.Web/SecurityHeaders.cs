using Microsoft.AspNetCore.Http;

namespace Support.Web;

/// <summary>
/// The headers every answer carries, JSON and errors included, set before the route runs (both hosts):
/// a page (<see cref="Pages.HtmlPage"/>) or a download replaces the policy with its own.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Nothing may load or frame an API answer: it is data, never a document.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <param name="strictTransport">HSTS; Azure only, where the site is HTTPS (locally it is plain HTTP on loopback).</param>
    public static void Apply(HttpResponse response, bool strictTransport)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ApiPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (strictTransport)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }
}
