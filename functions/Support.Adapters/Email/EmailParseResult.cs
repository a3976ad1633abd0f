using Support.Core.Email;

namespace Support.Adapters.Email;

/// <summary>Why a post cannot become a ticket. Each is the sender's problem and the same on every retry: answer 4xx.</summary>
public enum EmailRejection
{
    TooLarge,
    MalformedMime,
    MissingFrom,
    UnparsableFrom,

    /// <summary>Neither the raw <c>email</c> field nor the default-mode fields: not an Inbound Parse post.</summary>
    NotInboundParse,
}

public sealed record EmailParseResult
{
    private EmailParseResult(ParsedEmail? email, EmailRejection? rejection, string? reason)
    {
        Email = email;
        Rejection = rejection;
        Reason = reason;
    }

    public ParsedEmail? Email { get; }

    public EmailRejection? Rejection { get; }

    /// <summary>Why it was rejected, for the log and the 4xx body; never contains the sender's address in full.</summary>
    public string? Reason { get; }

    public bool IsParsed => Email is not null;

    public static EmailParseResult Parsed(ParsedEmail email) => new(email, null, null);

    public static EmailParseResult Rejected(EmailRejection rejection, string reason) => new(null, rejection, reason);
}

/// <summary>Bound from the <c>EmailIntake__*</c> settings.</summary>
public sealed class EmailIntakeOptions
{
    public const string Section = "EmailIntake";

    /// <summary>SendGrid's own limit for an inbound message is 30 MB; anything bigger is not a mail it sent us.</summary>
    public long MaxMessageBytes { get; set; } = 30L * 1024 * 1024;

    /// <summary>Attachments beyond this total, in the order they appear, are recorded as dropped rather than stored.</summary>
    public long MaxAttachmentBytes { get; set; } = 20L * 1024 * 1024;
}
