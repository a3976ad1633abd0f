using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using Support.Adapters.Email;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Xunit;

namespace Support.Tests.Email;

/// <summary>The fixture mails, posted the way SendGrid posts them in raw mode and in default mode.</summary>
internal static class EmailFixtures
{
    // DefaultPost splits fixtures with MimeKit before the parser under test registers the code pages;
    // MimeKit builds its charset table once, so they must be there first, as the app makes sure they are.
    static EmailFixtures() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static MailOptions Mail { get; } = new()
    {
        FromAddress = "support@example.com",
        ReplyLocalPart = "support",
        ReplyDomain = "example.com",
        MessageIdDomain = "support.example.com",
        SigningKey = "unit-test-signing-key-0123456789abcdef",
    };

    public static SendGridInboundParser Parser(EmailIntakeOptions? options = null) => new(Options.Create(options ?? new EmailIntakeOptions()));

    public static MailLoopGuard LoopGuard { get; } = new(Options.Create(Mail));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Email", "Fixtures", name));

    public static ParsedEmail ParseRaw(string name)
    {
        var result = Parser().Parse(RawPost(Bytes(name)));
        Assert.True(result.IsParsed, result.Reason);
        return result.Email!;
    }

    public static ParsedEmail ParseDefault(string name)
    {
        var result = Parser().Parse(DefaultPost(Bytes(name)));
        Assert.True(result.IsParsed, result.Reason);
        return result.Email!;
    }

    public static InboundMailPost RawPost(byte[] mime, string envelopeTo = "support@example.com") => new(
        new Dictionary<string, BinaryData>
        {
            ["email"] = BinaryData.FromBytes(mime),
            ["envelope"] = BinaryData.FromString($$"""{"to":["{{envelopeTo}}"],"from":"sender@example.net"}"""),
            ["charsets"] = BinaryData.FromString("""{"to":"UTF-8","from":"UTF-8","subject":"UTF-8"}"""),
            ["SPF"] = BinaryData.FromString("pass"),
            ["dkim"] = BinaryData.FromString(DkimPassFor(mime)),
        },
        []);

    /// <summary>SendGrid's <c>dkim</c> field for a mail its From domain signed: the fixtures stand for genuine mail.</summary>
    public static string DkimPassFor(byte[] mime)
    {
        try
        {
            var from = MimeMessage.Load(new MemoryStream(mime)).From.Mailboxes.FirstOrDefault()?.Address;
            return from is null ? "none" : $"{{@{from[(from.LastIndexOf('@') + 1)..]} : pass}}";
        }
        catch (FormatException)
        {
            // Malformed on purpose: what the parser makes of it is the test.
            return "none";
        }
    }

    /// <summary>What the parser reads from SendGrid's fields for a mail whose From domain signed it.</summary>
    public static MailAuthentication DkimPass(string from) =>
        new() { Spf = "pass", Dkim = [new DkimResult(from[(from.LastIndexOf('@') + 1)..], "pass")] };

    /// <summary>
    /// Splits a mail into SendGrid's default-mode fields: the header block as received, the
    /// address and subject fields decoded, each body field in its part's own charset (named in
    /// <c>charsets</c>), and every other part as a file described in <c>attachment-info</c>.
    /// </summary>
    public static InboundMailPost DefaultPost(byte[] mime)
    {
        var message = MimeMessage.Load(new MemoryStream(mime));
        var fields = new Dictionary<string, BinaryData>(StringComparer.Ordinal);
        var charsets = new Dictionary<string, string>(StringComparer.Ordinal);

        void Utf8(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields[name] = BinaryData.FromString(value);
                charsets[name] = "UTF-8";
            }
        }

        fields["headers"] = BinaryData.FromBytes(mime[..HeaderBlockLength(mime)]);
        Utf8("from", message.From.ToString());
        Utf8("to", message.To.ToString());
        Utf8("cc", message.Cc.ToString());
        Utf8("subject", message.Subject);

        var files = new List<InboundFile>();
        var info = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var textDone = false;
        var htmlDone = false;
        foreach (var part in message.BodyParts)
        {
            if (part is TextPart { IsAttachment: false } text && ((text.IsPlain && !textDone) || (text.IsHtml && !htmlDone)))
            {
                var name = text.IsPlain ? "text" : "html";
                var charset = text.ContentType.Charset ?? "utf-8";
                fields[name] = BinaryData.FromBytes(Encoding.GetEncoding(charset).GetBytes(text.Text));
                charsets[name] = charset;
                textDone |= text.IsPlain;
                htmlDone |= text.IsHtml;
                continue;
            }

            var field = $"attachment{files.Count + 1}";
            using var content = new MemoryStream();
            switch (part)
            {
                case MessagePart { Message: { } inner }:
                    inner.WriteTo(content);
                    break;
                case MimePart { Content: { } body }:
                    body.DecodeTo(content);
                    break;
            }

            var details = new Dictionary<string, string> { ["type"] = part.ContentType.MimeType };
            var fileName = (part as MimePart)?.FileName;
            if (fileName is not null)
            {
                details["filename"] = fileName;
                details["name"] = fileName;
            }

            if (part.ContentId is not null && part.ContentDisposition?.Disposition != ContentDisposition.Attachment)
            {
                details["content-id"] = part.ContentId;
            }

            info[field] = details;
            files.Add(new InboundFile(field, fileName, part.ContentType.MimeType, BinaryData.FromBytes(content.ToArray())));
        }

        fields["charsets"] = BinaryData.FromString(JsonSerializer.Serialize(charsets));
        fields["envelope"] = BinaryData.FromString("""{"to":["support@example.com"],"from":"sender@example.net"}""");
        fields["SPF"] = BinaryData.FromString("pass");
        fields["dkim"] = BinaryData.FromString(DkimPassFor(mime));
        fields["attachments"] = BinaryData.FromString(files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (files.Count > 0)
        {
            fields["attachment-info"] = BinaryData.FromString(JsonSerializer.Serialize(info));
        }

        return new InboundMailPost(fields, files);
    }

    private static int HeaderBlockLength(byte[] mime)
    {
        var text = Encoding.Latin1.GetString(mime);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? mime.Length : end + 1;
    }
}
