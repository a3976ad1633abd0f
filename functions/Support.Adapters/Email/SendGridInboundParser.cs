using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Ports;

namespace Support.Adapters.Email;

/// <summary>
/// Turns a SendGrid Inbound Parse post, raw mode or default mode, into a <see cref="ParsedEmail"/>;
/// or says why it cannot, for problems that will be the same on every retry.
/// </summary>
public sealed class SendGridInboundParser(IOptions<EmailIntakeOptions> options) : IInboundMailParser
{
    public const int MaxSubjectLength = 998;

    private readonly EmailIntakeOptions _options = options.Value;

    public EmailParseResult Parse(InboundMailPost post)
    {
        // Before MimeKit is first touched on any path (a new MimeMessage included): it builds its charset
        // table once, and a code page missing then (ISO-2022-JP, Shift_JIS) stays missing for the process.
        Charsets.EnsureRegistered();
        var size = post.TotalBytes;
        if (size > _options.MaxMessageBytes)
        {
            return EmailParseResult.Rejected(EmailRejection.TooLarge,
                $"the message is {Megabytes(size)} MB; the limit is {Megabytes(_options.MaxMessageBytes)} MB");
        }

        if (!post.IsRaw && !post.Fields.ContainsKey("from") && !post.Fields.ContainsKey("headers"))
        {
            return EmailParseResult.Rejected(EmailRejection.NotInboundParse, "the post has neither an 'email' field (raw mode) nor 'from'/'headers' (default mode)");
        }

        MailContent content;
        try
        {
            var envelope = SendGridEnvelope.Read(post.Fields.TryGetValue("envelope", out var json) ? Encoding.UTF8.GetString(json.ToMemory().Span) : null);
            content = post.IsRaw ? RawMailReader.Read(post.Fields["email"], envelope) : DefaultFieldsReader.Read(post, envelope);
        }
        catch (FormatException ex)
        {
            return EmailParseResult.Rejected(EmailRejection.MalformedMime, "the MIME structure cannot be read: " + ex.Message);
        }

        return Finish(content, SendGridAuthentication.Read(post, content.Headers, _options.TrustedAuthServId));
    }

    private EmailParseResult Finish(MailContent content, MailAuthentication authentication)
    {
        var fromMailbox = content.From.Mailboxes.FirstOrDefault();
        if (fromMailbox is null)
        {
            return EmailParseResult.Rejected(EmailRejection.MissingFrom, "the message has no From address");
        }

        var from = Address(fromMailbox);
        if (from is null)
        {
            return EmailParseResult.Rejected(EmailRejection.UnparsableFrom, "the From header is not a mailbox address");
        }

        var headers = content.Headers;
        var text = TextNormalizer.Body(content.Text ?? (content.Html is null ? null : HtmlText.ToPlainText(content.Html)));
        var (attachments, dropped) = Capped(content.Attachments);
        var email = new ParsedEmail
        {
            MessageId = Id(headers.MessageId),
            InReplyTo = Id(headers.InReplyTo),
            References = [.. headers.References.Select(Id).OfType<string>()],
            From = from,
            ReplyTo = headers.ReplyTo.Mailboxes.Select(Address).FirstOrDefault(a => a is not null),
            To = Addresses(content.To),
            Cc = Addresses(content.Cc),
            EnvelopeTo = content.Envelope.To,
            Subject = TextNormalizer.SingleLine(content.Subject, MaxSubjectLength),
            Date = headers.Headers.Contains(HeaderId.Date) ? headers.Date : null,
            // MimeKit keeps Content-* headers with the body part they describe.
            ContentLanguage = headers.Headers[HeaderId.ContentLanguage] ?? headers.Body?.Headers[HeaderId.ContentLanguage],
            Text = text,
            NewText = ReplyText.Split(text).NewText,
            Html = string.IsNullOrWhiteSpace(content.Html) ? null : content.Html,
            Attachments = attachments,
            Dropped = dropped,
            LoopHeaders = LoopHeadersOf(headers, content.Envelope),
            Authentication = authentication,
            Bounce = content.Bounce,
        };
        return EmailParseResult.Parsed(email);
    }

    /// <summary>Keeps attachments in order while they fit under the cap; the others are listed as dropped so staff can ask for them.</summary>
    private (IReadOnlyList<EmailAttachment> Kept, IReadOnlyList<DroppedAttachment> Dropped) Capped(IReadOnlyList<AttachmentCandidate> candidates)
    {
        var kept = new List<EmailAttachment>();
        var dropped = new List<DroppedAttachment>();
        long total = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var name = AttachmentNames.Sanitize(candidate.FileName, candidate.ContentType, i + 1);
            var size = (long)candidate.Content.ToMemory().Length;
            if (total + size > _options.MaxAttachmentBytes)
            {
                dropped.Add(new DroppedAttachment(name, candidate.ContentType, size,
                    $"over the {Megabytes(_options.MaxAttachmentBytes)} MB attachment limit per message"));
                continue;
            }

            total += size;
            kept.Add(new EmailAttachment(name, candidate.ContentType, candidate.ContentId, candidate.Inline, candidate.Content));
        }

        return (kept, dropped);
    }

    private static LoopHeaders LoopHeadersOf(MimeMessage message, SendGridEnvelope envelope)
    {
        var headers = message.Headers;
        var contentType = message.Body?.ContentType ?? (headers[HeaderId.ContentType] is { } raw && ContentType.TryParse(raw, out var parsed) ? parsed : null);
        return new LoopHeaders
        {
            AutoSubmitted = headers["Auto-Submitted"],
            XAutoreply = headers.Contains("X-Autoreply"),
            XAutorespond = headers.Contains("X-Autorespond"),
            Precedence = headers["Precedence"],
            ContentType = contentType?.MimeType.ToLowerInvariant(),
            ReportType = contentType?.Parameters["report-type"]?.ToLowerInvariant(),
            EnvelopeFrom = envelope.From ?? ReturnPath(headers["Return-Path"]),
        };
    }

    private static string? ReturnPath(string? value) => value?.Trim().Trim('<', '>').Trim().ToLowerInvariant();

    private static IReadOnlyList<MailAddress> Addresses(InternetAddressList list) =>
        [.. list.Mailboxes.Select(Address).OfType<MailAddress>().DistinctBy(a => a.Email)];

    private static MailAddress? Address(MailboxAddress mailbox)
    {
        var email = ContactValidation.NormalizeEmail(mailbox.Address);
        if (email is null)
        {
            return null;
        }

        var name = TextNormalizer.SingleLine(mailbox.Name, 200);
        return new MailAddress(email, name.Length == 0 ? null : name);
    }

    private static string? Id(string? messageId)
    {
        var id = messageId?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
