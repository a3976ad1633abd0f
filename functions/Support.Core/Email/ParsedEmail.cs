using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>
/// An inbound mail reduced to what intake, the loop guard and threading need. Addresses are
/// lower-case; Message-IDs are without angle brackets.
/// </summary>
public sealed record ParsedEmail
{
    public string? MessageId { get; init; }

    public string? InReplyTo { get; init; }

    /// <summary>The References header, oldest first.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    public required MailAddress From { get; init; }

    public MailAddress? ReplyTo { get; init; }

    public IReadOnlyList<MailAddress> To { get; init; } = [];

    public IReadOnlyList<MailAddress> Cc { get; init; } = [];

    /// <summary>The SMTP envelope recipients when the post carried them: the address the mail was really delivered to.</summary>
    public IReadOnlyList<string> EnvelopeTo { get; init; } = [];

    /// <summary>Decoded, single line.</summary>
    public required string Subject { get; init; }

    public DateTimeOffset? Date { get; init; }

    /// <summary>The message's <c>Content-Language</c> header, when it has one: the language to answer in.</summary>
    public string? ContentLanguage { get; init; }

    /// <summary>The whole plain-text body (from HTML when the mail had no text part), kept with the raw mail.</summary>
    public required string Text { get; init; }

    /// <summary>What the sender wrote this time, without quoted history and signature: what the ticket view shows.</summary>
    public required string NewText { get; init; }

    /// <summary>The HTML body as the sender wrote it, unsanitized: kept apart and sanitized only when shown.</summary>
    public string? Html { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Attachments left out because the message went over the size cap; recorded so staff can ask for them.</summary>
    public IReadOnlyList<DroppedAttachment> Dropped { get; init; } = [];

    public required LoopHeaders LoopHeaders { get; init; }

    /// <summary>The SPF and DKIM results the receiving server reported: whether the mail is really from its From address.</summary>
    public MailAuthentication Authentication { get; init; } = MailAuthentication.None;

    /// <summary>Set when the mail is a delivery status notification (a bounce).</summary>
    public BounceReport? Bounce { get; init; }

    /// <summary>Every address that took part: To and Cc, without duplicates.</summary>
    public IReadOnlyList<string> Recipients =>
        [.. To.Concat(Cc).Select(a => a.Email).Distinct(StringComparer.Ordinal)];

    /// <summary>Whom an answer goes to: Reply-To when the sender set one.</summary>
    public MailAddress AnswerTo => ReplyTo ?? From;
}

/// <param name="FileName">Sanitized: no path, no control characters, bounded length.</param>
/// <param name="ContentId">The Content-ID an HTML body refers to (<c>cid:</c>), without angle brackets.</param>
public sealed record EmailAttachment(string FileName, string ContentType, string? ContentId, bool Inline, BinaryData Content)
{
    public long Size => Content.ToMemory().Length;
}

public sealed record DroppedAttachment(string FileName, string ContentType, long Size, string Reason);

/// <summary>The header facts that tell automatic mail from a person's mail (RFC 3834 and the common non-standard ones).</summary>
public sealed record LoopHeaders
{
    public string? AutoSubmitted { get; init; }

    public bool XAutoreply { get; init; }

    public bool XAutorespond { get; init; }

    public string? Precedence { get; init; }

    /// <summary>The top-level content type, lower-case, e.g. <c>multipart/report</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The <c>report-type</c> parameter of a multipart/report.</summary>
    public string? ReportType { get; init; }

    /// <summary>The SMTP envelope sender (Return-Path); empty for a bounce (<c>&lt;&gt;</c>), null when unknown.</summary>
    public string? EnvelopeFrom { get; init; }
}

/// <summary>What a delivery status notification says about the message that could not be delivered.</summary>
public sealed record BounceReport
{
    public string? OriginalMessageId { get; init; }

    public IReadOnlyList<string> OriginalReferences { get; init; } = [];

    public string? OriginalSubject { get; init; }

    public IReadOnlyList<string> FailedRecipients { get; init; } = [];

    /// <summary>The DSN status code, e.g. <c>5.1.1</c>.</summary>
    public string? Status { get; init; }

    public string? Diagnostic { get; init; }
}
