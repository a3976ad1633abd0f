using System.Globalization;
using System.Text;

namespace Support.Adapters.Email;

/// <summary>
/// Attachment file names we can store and show safely: the sender chooses them, so they may carry
/// paths ("../../x"), control characters, characters Blob Storage or Windows reject, or be huge.
/// </summary>
public static class AttachmentNames
{
    public const int MaxLength = 100;

    private static readonly char[] Forbidden = ['<', '>', ':', '"', '|', '?', '*', '\\', '/'];

    /// <param name="number">1-based position in the mail, for a name when the sender gave none.</param>
    public static string Sanitize(string? fileName, string contentType, int number)
    {
        // A lone surrogate (a crafted encoded-word) cannot be normalized; the UTF-8 round trip makes it U+FFFD.
        var name = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(LastSegment(fileName ?? string.Empty)));
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            builder.Append(char.IsControl(c) || Forbidden.Contains(c) || c is '\u2028' or '\u2029' ? '_' : c);
        }

        // Leading dots hide files or climb directories; trailing dots and spaces Windows drops silently.
        var clean = builder.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        if (clean.Length == 0)
        {
            clean = string.Create(CultureInfo.InvariantCulture, $"attachment-{number}{ExtensionFor(contentType)}");
        }

        return Shorten(clean);
    }

    private static string LastSegment(string name)
    {
        var cut = name.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? name : name[(cut + 1)..];
    }

    /// <summary>Keeps the extension when shortening, so the file still opens with the right program.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        if (extension.Length is 0 or > 10)
        {
            extension = string.Empty;
        }

        var cut = MaxLength - extension.Length;
        if (char.IsHighSurrogate(name[cut - 1]))
        {
            cut--;
        }

        return name[..cut] + extension;
    }

    private static string ExtensionFor(string contentType) => contentType.ToLowerInvariant() switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "message/rfc822" => ".eml",
        _ => ".bin",
    };
}
