namespace Support.Adapters.Twilio;

/// <summary>Bound from the <c>Twilio__*</c> settings.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account's auth token: the key Twilio signs webhooks with, and the password for its media. Never logged.</summary>
    public string AuthToken { get; set; } = string.Empty;

    /// <summary>The account SID (AC…): the user name for the recording media and part of its address.</summary>
    public string AccountSid { get; set; } = string.Empty;

    /// <summary>Twilio's REST host; a setting so that a local host and the tests can stand in for it.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com/");
}
