using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Support.Web.Pages;

/// <summary>
/// An HTML answer with a strict Content-Security-Policy: no external anything, and only the page's
/// own inline script and style (by hash) may run, so injected markup could not execute even if it
/// slipped past the encoding.
/// </summary>
/// <param name="imageSources">Where images may come from; the console adds <c>https:</c> so a mail's remote images can load in its frame once staff ask (the frame's own policy refuses them until then).</param>
public sealed class HtmlPage(string html, int statusCode, string script, string style, TimeSpan? retryAfter = null, string imageSources = "'self' data:") : IResult
{
    public string Html => html;

    public int StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src '{Hash(script)}'; style-src '{Hash(style)}'; connect-src 'self'; img-src {imageSources}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(html, Encoding.UTF8);
    }

    public static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
