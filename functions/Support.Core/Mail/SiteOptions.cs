namespace Support.Core.Mail;

/// <summary>Bound from the top-level settings: where the app is reached from outside.</summary>
public sealed class SiteOptions
{
    /// <summary>The public base URL (behind the Functions front end or a proxy); links in mail and webhook signatures use it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Region used to read phone numbers written without a country code.</summary>
    public string DefaultPhoneRegion { get; set; } = "US";
}
