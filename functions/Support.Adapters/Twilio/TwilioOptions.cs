namespace Support.Adapters.Twilio;

/// <summary>Bound from the <c>Twilio__*</c> settings.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account's auth token: the key Twilio signs webhooks with. Never logged.</summary>
    public string AuthToken { get; set; } = string.Empty;
}
