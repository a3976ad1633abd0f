using System.Text.RegularExpressions;

namespace Support.Core.Email;

/// <summary>A mail body split into what the sender wrote now, the history it quotes and the signature.</summary>
public sealed record ReplyParts(string NewText, string Quoted, string Signature);

/// <summary>
/// Separates the new text of a reply from the quoted history and the signature, by the markers
/// the common mail clients write. Forwarded messages are not history: whoever forwards a mail to
/// support wants the forwarded content read, so it stays in the new text.
/// </summary>
public static partial class ReplyText
{
    public static ReplyParts Split(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var quoteStart = FindQuoteStart(lines);
        var signatureStart = FindSignatureStart(lines, quoteStart);

        var newEnd = signatureStart ?? quoteStart;
        var newText = Join(lines, 0, newEnd);
        var signature = signatureStart is { } s ? Join(lines, s, quoteStart) : string.Empty;
        var quoted = Join(lines, quoteStart, lines.Length);
        return new ReplyParts(newText, quoted, signature);
    }

    private static int FindQuoteStart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (Forwarded().IsMatch(line))
            {
                return lines.Length;
            }

            if (IsAttributionLine(line, i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty)
                || OriginalMessage().IsMatch(line)
                || IsOutlookHeaderBlock(lines, i))
            {
                return i;
            }

            if (Separator().IsMatch(line) && i + 1 < lines.Length && IsOutlookHeaderBlock(lines, i + 1))
            {
                return i;
            }
        }

        return TrailingQuoteBlockStart(lines);
    }

    // Gmail wraps a long attribution over two lines ("On Mon, 3 Nov 2026 at 10:12, Ann <ann@…>\nwrote:").
    private static bool IsAttributionLine(string line, string next) =>
        Attribution().IsMatch(line) || (AttributionStart().IsMatch(line) && Attribution().IsMatch(line + " " + next));

    /// <summary>Outlook's plain-text history: "From:" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:".</summary>
    private static bool IsOutlookHeaderBlock(string[] lines, int index)
    {
        if (!OutlookFrom().IsMatch(lines[index].Trim()))
        {
            return false;
        }

        var window = lines.Skip(index + 1).Take(5).Select(l => l.Trim()).ToList();
        return window.Any(l => OutlookSent().IsMatch(l)) && window.Any(l => OutlookToOrSubject().IsMatch(l));
    }

    /// <summary>A run of "&gt;" lines (and blank lines) that ends the message; interleaved answers above it stay new text.</summary>
    private static int TrailingQuoteBlockStart(string[] lines)
    {
        var start = lines.Length;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].TrimStart();
            if (line.StartsWith('>'))
            {
                start = i;
            }
            else if (line.Length > 0)
            {
                break;
            }
        }

        return start;
    }

    private static int? FindSignatureStart(string[] lines, int end)
    {
        for (var i = 0; i < end; i++)
        {
            var line = lines[i].Trim();
            if (MobileSignature().IsMatch(line))
            {
                return i;
            }
        }

        // The RFC 3676 delimiter is "-- "; clients and editors often strip its trailing space.
        for (var i = end - 1; i >= 0; i--)
        {
            if (lines[i].TrimEnd() == "--")
            {
                return i;
            }
        }

        return null;
    }

    private static string Join(string[] lines, int start, int end) =>
        start >= end ? string.Empty : string.Join('\n', lines[start..end]).Trim();

    // German and Dutch put the name after the verb: "Am 16.11.2026 um 10:12 schrieb Support <…>:".
    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.+(wrote|schrieb|a écrit|escribió|ha scritto|schreef)(\s.*)?\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Forwarded();

    [GeneratedRegex(@"^_{10,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^\*?(From|Von|De):\*?\s", RegexOptions.CultureInvariant)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|Gesendet|Envoyé):\*?\s", RegexOptions.CultureInvariant)]
    private static partial Regex OutlookSent();

    [GeneratedRegex(@"^\*?(To|Subject|An|Betreff|À|Objet):\*?\s", RegexOptions.CultureInvariant)]
    private static partial Regex OutlookToOrSubject();

    [GeneratedRegex(@"^(Sent from my (iPhone|iPad|Android|Galaxy|mobile device|BlackBerry)|Get Outlook for (iOS|Android)|Sent from (Mail|Outlook) for (Windows|iOS|Android)|Von meinem iPhone gesendet|Envoyé de mon iPhone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileSignature();
}
