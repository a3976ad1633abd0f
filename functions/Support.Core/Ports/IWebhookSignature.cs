namespace Support.Core.Ports;

/// <summary>A webhook's proof that it comes from the vendor (Twilio's request signature).</summary>
public interface IWebhookSignature
{
    /// <summary>The request header carrying the signature.</summary>
    string Header { get; }

    /// <summary>
    /// True when <paramref name="signature"/> signs the request to <paramref name="pathAndQuery"/>
    /// (as received, query still encoded) with <paramref name="form"/>.
    /// </summary>
    bool IsValid(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> form, string? signature);
}
