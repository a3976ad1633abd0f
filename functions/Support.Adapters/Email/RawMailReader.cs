using MimeKit;

namespace Support.Adapters.Email;

/// <summary>Raw mode: the whole message as sent, parsed with MimeKit.</summary>
internal static class RawMailReader
{
    /// <exception cref="FormatException">The message has no parsable headers.</exception>
    public static MailContent Read(BinaryData raw, SendGridEnvelope envelope)
    {
        using var stream = raw.ToStream();
        var message = MimeMessage.Load(MailParsing.Options, stream);
        var parts = message.BodyParts.ToList();
        var bounce = DeliveryReports.Read(parts);
        var textBody = message.TextBody;
        var htmlBody = message.HtmlBody;
        return new MailContent
        {
            Headers = message,
            From = message.From,
            To = message.To,
            Cc = message.Cc,
            Subject = message.Subject,
            Text = textBody,
            Html = htmlBody,
            Attachments = [.. parts.Select(p => Attachment(p, bounce is not null)).OfType<AttachmentCandidate>()],
            Bounce = bounce,
            Envelope = envelope,
        };
    }

    private static AttachmentCandidate? Attachment(MimeEntity entity, bool isReport)
    {
        switch (entity)
        {
            case MessageDeliveryStatus:
                return null;
            case TextPart text when !text.IsAttachment && (text.IsPlain || text.IsHtml):
                return null;
            case TextPart text when isReport && text.ContentType.IsMimeType("text", "rfc822-headers"):
                return null;
            case MessagePart when isReport:
                return null;
            case MessagePart { Message: { } message } part:
                using (var stream = new MemoryStream())
                {
                    message.WriteTo(stream);
                    var name = part.ContentDisposition?.FileName ?? (string.IsNullOrWhiteSpace(message.Subject) ? null : message.Subject + ".eml");
                    return new AttachmentCandidate(name, "message/rfc822", part.ContentId, Inline: false, BinaryData.FromBytes(stream.ToArray()));
                }

            case MimePart part:
                using (var stream = new MemoryStream())
                {
                    part.Content?.DecodeTo(stream);
                    var inline = part.ContentDisposition?.Disposition == ContentDisposition.Inline
                        || (part.ContentDisposition is null && part.ContentId is not null);
                    return new AttachmentCandidate(part.FileName, part.ContentType.MimeType.ToLowerInvariant(), part.ContentId, inline, BinaryData.FromBytes(stream.ToArray()));
                }

            default:
                return null;
        }
    }
}

internal static class MailParsing
{
    /// <summary>MimeKit's defaults are tolerant already; only the nesting depth is bounded tighter against crafted mail.</summary>
    public static ParserOptions Options { get; } = CreateOptions();

    private static ParserOptions CreateOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = 32;
        return options;
    }
}
