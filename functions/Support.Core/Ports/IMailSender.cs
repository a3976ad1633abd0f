namespace Support.Core.Ports;

public interface IMailSender
{
    Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

public sealed record MailAddress(string Email, string? Name = null);

public sealed record OutgoingMail
{
    public required MailAddress From { get; init; }
    public required IReadOnlyList<MailAddress> To { get; init; }
    public IReadOnlyList<MailAddress> Cc { get; init; } = [];
    public MailAddress? ReplyTo { get; init; }
    public required string Subject { get; init; }
    public required string Text { get; init; }
    public required string Html { get; init; }

    /// <summary>Our own Message-ID, without angle brackets.</summary>
    public required string MessageId { get; init; }

    /// <summary>Extra headers (In-Reply-To, References, Auto-Submitted, …); values are single-line.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Files sent with the mail (a booking's calendar invitation).</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <param name="ContentType">The full media type with its parameters (<c>text/calendar; method=REQUEST; charset=UTF-8</c>).</param>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

public enum MailSendStatus
{
    Sent,

    /// <summary>The provider refused this message for good (bad address, policy): retrying will not help.</summary>
    Rejected,
}

public sealed record MailSendResult(MailSendStatus Status, string? Reason = null)
{
    public static MailSendResult Sent { get; } = new(MailSendStatus.Sent);

    public static MailSendResult Rejected(string reason) => new(MailSendStatus.Rejected, reason);
}
