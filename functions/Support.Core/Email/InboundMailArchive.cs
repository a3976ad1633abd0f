using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Support.Core.Contracts;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>One stored attachment: its blob (container <c>attachments</c>) and what staff are shown of it.</summary>
public sealed record StoredAttachment(string Blob, string Name, string ContentType, long Size);

/// <summary>Where an inbound mail's full text, HTML and attachments were put; names are relative to their containers.</summary>
public sealed record ArchivedMail(string? FullTextBlob, string? HtmlBlob, IReadOnlyList<StoredAttachment> Attachments)
{
    /// <summary>The details a timeline event or inquiry carries to find them again.</summary>
    public (string Key, string? Value)[] Details =>
    [
        (EmailInquiry.Keys.FullText, FullTextBlob),
        (EmailInquiry.Keys.Html, HtmlBlob),
        (EmailInquiry.Keys.AttachmentBlobs, Attachments.Count == 0 ? null : string.Join('|', Attachments.Select(a => a.Blob))),
        (EmailInquiry.Keys.AttachmentFiles, Attachments.Count == 0 ? null : JsonSerializer.Serialize(Attachments, SupportJson.Default.IReadOnlyListStoredAttachment)),
    ];

    /// <summary>The attachments a timeline event or inquiry lists; an empty list when it has none or the list cannot be read.</summary>
    public static IReadOnlyList<StoredAttachment> AttachmentsOf(IReadOnlyDictionary<string, string> details)
    {
        if (details.GetValueOrDefault(EmailInquiry.Keys.AttachmentFiles) is { } json)
        {
            try
            {
                return JsonSerializer.Deserialize(json, SupportJson.Default.IReadOnlyListStoredAttachment) ?? [];
            }
            catch (JsonException)
            {
                // Fall back to the bare blob names below.
            }
        }

        // Mail stored before the list was kept: the blob name ends with "<n>-<file name>"; type and size come with the download.
        return details.GetValueOrDefault(EmailInquiry.Keys.AttachmentBlobs) is { Length: > 0 } blobs
            ? [.. blobs.Split('|').Select(b => new StoredAttachment(b, FileNameOf(b), "application/octet-stream", -1))]
            : [];
    }

    private static string FileNameOf(string blob)
    {
        var name = blob[(blob.LastIndexOf('/') + 1)..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && name[..dash].All(char.IsAsciiDigit) ? name[(dash + 1)..] : name;
    }
}

/// <summary>
/// Keeps what the ticket view leaves out: the whole text with its quoted history, the HTML body,
/// and the attachments (names already sanitized and capped by the parser). Names derive from the
/// mail's dedupe key, so a redelivered mail writes the same blobs, which the store keeps once.
/// </summary>
public sealed class InboundMailArchive(IBlobStore blobs)
{
    /// <summary>Timeline events and inquiries hold at most this much text; the rest is in the full-text blob.</summary>
    public const int ShortBodyLimit = 4000;

    public async Task<ArchivedMail> StoreAsync(ParsedEmail email, CancellationToken cancellationToken)
    {
        var folder = "mail/" + Key(EmailInquiry.DedupeKey(email));
        string? fullText = null;
        if (email.Text.Length > 0 && (email.Text != email.NewText || email.Text.Length > ShortBodyLimit))
        {
            fullText = await blobs.PutAsync(BlobContainers.Bodies, $"{folder}/text.txt", BinaryData.FromString(email.Text), "text/plain; charset=utf-8", cancellationToken);
        }

        string? html = null;
        if (email.Html is { Length: > 0 } markup)
        {
            html = await blobs.PutAsync(BlobContainers.Bodies, $"{folder}/body.html", BinaryData.FromString(markup), "text/html; charset=utf-8", cancellationToken);
        }

        var attachments = new List<StoredAttachment>();
        for (var i = 0; i < email.Attachments.Count; i++)
        {
            var attachment = email.Attachments[i];
            var name = $"{folder}/{(i + 1).ToString(CultureInfo.InvariantCulture)}-{attachment.FileName}";
            var blob = await blobs.PutAsync(BlobContainers.Attachments, name, attachment.Content, attachment.ContentType, cancellationToken);
            attachments.Add(new StoredAttachment(blob, attachment.FileName, attachment.ContentType, attachment.Size));
        }

        return new ArchivedMail(fullText, html, attachments);
    }

    /// <summary>Text for a timeline event: whole when short, else its start with a pointer to the full-text blob.</summary>
    public static string Short(string text) =>
        text.Length <= ShortBodyLimit ? text : text[..ShortBodyLimit] + "\n[… continued in the full text]";

    private static string Key(string dedupeKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..32].ToLowerInvariant();
}
