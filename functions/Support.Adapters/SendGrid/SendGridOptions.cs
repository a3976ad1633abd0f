namespace Support.Adapters.SendGrid;

/// <summary>Bound from <c>SendGrid__*</c>; in Azure the API key is a Key Vault reference.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    public string? ApiKey { get; set; }

    /// <summary>Another API host (the local mailbox, a regional endpoint); SendGrid's own by default.</summary>
    public string? Host { get; set; }
}
