namespace Support.Core.Email;

/// <summary>Bound from the <c>EmailIntake__*</c> settings.</summary>
public sealed class EmailIntakeOptions
{
    public const string Section = "EmailIntake";

    /// <summary>SendGrid's own limit for an inbound message is 30 MB; anything bigger is not a mail it sent us.</summary>
    public long MaxMessageBytes { get; set; } = 30L * 1024 * 1024;

    /// <summary>Attachments beyond this total, in the order they appear, are recorded as dropped rather than stored.</summary>
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;
}
