using System.Globalization;
using System.Text.RegularExpressions;

namespace Support.Core.Mail;

/// <summary>
/// The language we write to a customer in: one we have templates for (<see cref="Supported"/>),
/// chosen from what they told us (the form's <c>language</c>, the browser's <c>Accept-Language</c>,
/// a mail's <c>Content-Language</c>), else from the words of their message; English otherwise.
/// </summary>
public static partial class CustomerLanguage
{
    public const string English = "en";

    public static readonly IReadOnlyList<string> Supported = [English, "fr", "de", "es"];

    /// <summary>The first supported language in a header such as <c>fr-CH, fr;q=0.9, en;q=0.8</c>, by quality; null when none is.</summary>
    public static string? FromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        return header.Split(',')
            .Select((part, order) => (Tag: PrimaryTag(part.Split(';')[0]), Quality: Quality(part), Order: order))
            .Where(x => x.Tag is not null && x.Quality > 0)
            .OrderByDescending(x => x.Quality).ThenBy(x => x.Order)
            .Select(x => x.Tag)
            .FirstOrDefault();
    }

    /// <summary>The language of <paramref name="text"/> by its most common small words, when one language clearly leads; null otherwise.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var scores = Supported.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
        {
            foreach (var language in Supported)
            {
                if (CommonWords[language].Contains(word.Value))
                {
                    scores[language]++;
                }
            }
        }

        var ranked = scores.OrderByDescending(s => s.Value).ToList();
        var (best, runnerUp) = (ranked[0], ranked[1]);
        return best.Value >= MinimumHits && best.Value >= runnerUp.Value * 3 / 2 + 1 ? best.Key : null;
    }

    /// <summary>What the customer declared, if we write that language; else what their text is written in; else English.</summary>
    public static string Choose(string? declared, string? text) =>
        FromHeader(declared) ?? Detect(text) ?? English;

    /// <summary>A stored language we still have templates for; English for anything else.</summary>
    public static string Normalize(string? language) => FromHeader(language) ?? English;

    private const int MinimumHits = 3;

    private static string? PrimaryTag(string tag)
    {
        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Supported.Contains(primary, StringComparer.Ordinal) ? primary : null;
    }

    private static double Quality(string part)
    {
        var q = part.Split(';').Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
        return q is null ? 1 : double.TryParse(q[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    // Words frequent in everyday writing and rare in the other three languages.
    private static readonly Dictionary<string, HashSet<string>> CommonWords = new(StringComparer.Ordinal)
    {
        [English] = ["the", "and", "is", "to", "my", "not", "it", "we", "you", "of", "with", "can", "please", "have", "this", "our", "since", "hello", "thanks", "when", "does", "doesn't", "can't", "i"],
        ["fr"] = ["le", "les", "et", "est", "je", "ne", "pas", "nous", "vous", "avec", "une", "des", "pour", "mon", "bonjour", "merci", "depuis", "ce", "sur", "dans", "au", "du", "notre", "j'ai", "c'est"],
        ["de"] = ["der", "die", "das", "und", "ist", "ich", "nicht", "wir", "mit", "ein", "eine", "für", "mein", "hallo", "danke", "bitte", "seit", "auf", "unser", "kann", "es", "zu", "den", "dem", "sich"],
        ["es"] = ["el", "los", "las", "y", "está", "no", "con", "una", "para", "mi", "hola", "gracias", "por", "que", "desde", "nuestro", "puedo", "en", "del", "al", "lo", "pero", "es"],
    };

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();
}
