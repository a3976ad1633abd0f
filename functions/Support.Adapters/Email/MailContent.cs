using MimeKit;
using Support.Core.Email;

namespace Support.Adapters.Email;

/// <summary>What either SendGrid mode yields before normalization: the one shape the parser finishes from.</summary>
internal sealed record MailContent
{
    /// <summary>The mail's headers (and, in raw mode, its body): Message-ID, References and the loop markers are read here.</summary>
    public required MimeMessage Headers { get; init; }

    public required InternetAddressList From { get; init; }

    public required InternetAddressList To { get; init; }

    public required InternetAddressList Cc { get; init; }

    public string? Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public IReadOnlyList<AttachmentCandidate> Attachments { get; init; } = [];

    public BounceReport? Bounce { get; init; }

    public SendGridEnvelope Envelope { get; init; } = SendGridEnvelope.None;
}

internal sealed record AttachmentCandidate(string? FileName, string ContentType, string? ContentId, bool Inline, BinaryData Content);
