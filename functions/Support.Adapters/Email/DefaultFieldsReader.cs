using System.Globalization;
using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Utils;
using Support.Core.Ports;

namespace Support.Adapters.Email;

/// <summary>
/// Default mode: SendGrid has split the mail into fields already. Each text field is in the charset
/// <c>charsets</c> names for it; the raw header block (<c>headers</c>) still carries what the fields
/// leave out (Message-ID, References, the auto-reply markers).
/// </summary>
internal static class DefaultFieldsReader
{
    public static MailContent Read(InboundMailPost post, SendGridEnvelope envelope)
    {
        var charsets = JsonObject(Field(post, "charsets", Encoding.UTF8));
        string? Text(string name) => Field(post, name, Charsets.Get(charsets.GetValueOrDefault(name)));

        var headers = LoadHeaders(post.Fields.GetValueOrDefault("headers"));
        var subject = Text("subject");
        var files = post.Files.Select(f => (File: f, Entity: ReportPart(f))).ToList();
        var bounce = DeliveryReports.Read(files.Select(f => f.Entity).OfType<MimeEntity>());
        return new MailContent
        {
            Headers = headers,
            From = Addresses(Text("from")) ?? headers.From,
            To = Addresses(Text("to")) ?? headers.To,
            Cc = Addresses(Text("cc")) ?? headers.Cc,
            Subject = subject is null ? headers.Subject : Decode(subject),
            Text = Text("text"),
            Html = Text("html"),
            Attachments = [.. Attachments(post, files.Where(f => bounce is null || f.Entity is null).Select(f => f.File))],
            Bounce = bounce,
            Envelope = envelope,
        };
    }

    private static string? Field(InboundMailPost post, string name, Encoding encoding) =>
        post.Fields.TryGetValue(name, out var value) ? encoding.GetString(value.ToMemory().Span) : null;

    /// <summary>The header block loaded as a message without a body, so MimeKit reads every header as it does in raw mode.</summary>
    private static MimeMessage LoadHeaders(BinaryData? headers)
    {
        if (headers is null)
        {
            // A new MimeMessage invents a Message-ID and a Date; neither may pass for the sender's.
            var empty = new MimeMessage();
            empty.Headers.Remove(HeaderId.MessageId);
            empty.Headers.Remove(HeaderId.Date);
            return empty;
        }

        using var stream = new MemoryStream();
        stream.Write(headers.ToMemory().Span);
        stream.Write("\r\n\r\n"u8);
        stream.Position = 0;
        return MimeMessage.Load(MailParsing.Options, stream);
    }

    private static InternetAddressList? Addresses(string? value) =>
        !string.IsNullOrWhiteSpace(value) && InternetAddressList.TryParse(MailParsing.Options, value, out var list) ? list : null;

    // SendGrid decodes the subject, but a subject that was encoded twice still carries encoded-words.
    private static string Decode(string subject) =>
        subject.Contains("=?", StringComparison.Ordinal) ? Rfc2047.DecodeText(Encoding.UTF8.GetBytes(subject)) : subject;

    /// <summary>
    /// The attachments in order: <c>attachment-info</c> gives each file's name, type and Content-ID
    /// (an inline image); <c>content-ids</c> maps Content-IDs to files for older posts.
    /// </summary>
    private static IEnumerable<AttachmentCandidate> Attachments(InboundMailPost post, IEnumerable<InboundFile> files)
    {
        var info = JsonObjects(Field(post, "attachment-info", Encoding.UTF8));
        // Crafted hints may name one file under two Content-IDs: the first one counts.
        var contentIds = JsonObject(Field(post, "content-ids", Encoding.UTF8))
            .DistinctBy(p => p.Value, StringComparer.Ordinal)
            .ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => Number(f.FieldName)))
        {
            var details = info.GetValueOrDefault(file.FieldName) ?? new Dictionary<string, string>();
            var contentId = details.GetValueOrDefault("content-id") ?? contentIds.GetValueOrDefault(file.FieldName);
            var type = details.GetValueOrDefault("type") ?? file.ContentType ?? "application/octet-stream";
            var name = details.GetValueOrDefault("filename") ?? details.GetValueOrDefault("name") ?? file.FileName;
            yield return new AttachmentCandidate(name, type.Split(';')[0].Trim().ToLowerInvariant(), contentId?.Trim('<', '>'), contentId is not null, file.Content);
        }
    }

    /// <summary>The parts of a bounce arrive as files; they are read as the MIME parts they were.</summary>
    private static MimeEntity? ReportPart(InboundFile file)
    {
        var type = file.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("message/delivery-status" or "message/rfc822" or "text/rfc822-headers"))
        {
            return null;
        }

        using var stream = file.Content.ToStream();
        return MimeEntity.Load(MailParsing.Options, ContentType.Parse(type), stream);
    }

    private static int Number(string fieldName) =>
        fieldName.StartsWith("attachment", StringComparison.Ordinal)
        && int.TryParse(fieldName.AsSpan("attachment".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private static Dictionary<string, string> JsonObject(string? json)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Parse(json) is { ValueKind: JsonValueKind.Object } root)
        {
            foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                map[property.Name] = property.Value.GetString()!;
            }
        }

        return map;
    }

    private static Dictionary<string, Dictionary<string, string>> JsonObjects(string? json)
    {
        var map = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (Parse(json) is { ValueKind: JsonValueKind.Object } root)
        {
            foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                map[property.Name] = JsonObject(property.Value.GetRawText());
            }
        }

        return map;
    }

    // The JSON fields are hints; a broken one must not lose the mail.
    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
