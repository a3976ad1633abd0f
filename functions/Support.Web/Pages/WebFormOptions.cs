namespace Support.Web.Pages;

/// <summary>Settings of the public web form (<c>WebForm__*</c>).</summary>
public sealed class WebFormOptions
{
    public const string Section = "WebForm";

    /// <summary>Posts accepted per client IP per minute; more answer 429. Counted per app instance.</summary>
    public int RateLimitPerMinute { get; set; } = 10;

    /// <summary>
    /// Take the client IP from the last <c>X-Forwarded-For</c> entry (the one the platform's front end
    /// appends). Only behind a proxy that sets it; otherwise a client could pick its own key.
    /// </summary>
    public bool TrustForwardedFor { get; set; }
}
