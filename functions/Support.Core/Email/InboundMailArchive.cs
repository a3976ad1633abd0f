using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>Where an inbound mail's full text and attachments were put; names are relative to their containers.</summary>
public sealed record ArchivedMail(string? FullTextBlob, IReadOnlyList<string> AttachmentBlobs)
{
    /// <summary>The details a timeline event or inquiry carries to find them again.</summary>
    public (string Key, string? Value)[] Details =>
    [
        (EmailInquiry.Keys.FullText, FullTextBlob),
        (EmailInquiry.Keys.AttachmentBlobs, AttachmentBlobs.Count == 0 ? null : string.Join('|', AttachmentBlobs)),
    ];
}

/// <summary>
/// Keeps what the ticket view leaves out: the whole text with its quoted history, and the
/// attachments (names already sanitized and capped by the parser). Names derive from the mail's
/// dedupe key, so a redelivered mail writes the same blobs, which the store keeps once.
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

        var attachments = new List<string>();
        for (var i = 0; i < email.Attachments.Count; i++)
        {
            var attachment = email.Attachments[i];
            var name = $"{folder}/{(i + 1).ToString(CultureInfo.InvariantCulture)}-{attachment.FileName}";
            attachments.Add(await blobs.PutAsync(BlobContainers.Attachments, name, attachment.Content, attachment.ContentType, cancellationToken));
        }

        return new ArchivedMail(fullText, attachments);
    }

    /// <summary>Text for a timeline event: whole when short, else its start with a pointer to the full-text blob.</summary>
    public static string Short(string text) =>
        text.Length <= ShortBodyLimit ? text : text[..ShortBodyLimit] + "\n[… continued in the full text]";

    private static string Key(string dedupeKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..32].ToLowerInvariant();
}
