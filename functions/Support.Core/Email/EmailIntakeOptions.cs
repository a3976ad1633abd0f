namespace Support.Core.Email;

/// <summary>Bound from the <c>EmailIntake__*</c> settings.</summary>
public sealed class EmailIntakeOptions
{
    public const string Section = "EmailIntake";

    /// <summary>SendGrid's own limit for an inbound message is 30 MB; anything bigger is not a mail it sent us.</summary>
    public long MaxMessageBytes { get; set; } = 30L * 1024 * 1024;

    /// <summary>Attachments beyond this total, in the order they appear, are recorded as dropped rather than stored.</summary>
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// The authserv-id of a receiving server whose <c>Authentication-Results</c> header (raw mode) may stand in when a
    /// post carries no <c>SPF</c>/<c>dkim</c> fields; empty (the default): such headers are never trusted, since
    /// anyone can write them into a mail.
    /// </summary>
    public string TrustedAuthServId { get; set; } = string.Empty;
}
