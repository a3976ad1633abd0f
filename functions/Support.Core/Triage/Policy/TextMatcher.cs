using System.Text.RegularExpressions;

namespace Support.Core.Triage.Policy;

/// <summary>
/// Phrases and an optional pattern, matched against text already normalized by
/// <see cref="TriageText"/>. Phrases use a vectorized ordinal search with word-boundary checks,
/// so the common case allocates nothing; the pattern is compiled once at load.
/// </summary>
internal sealed class TextMatcher
{
    private readonly Phrase[] phrases;
    private readonly Regex? pattern;

    private TextMatcher(Phrase[] phrases, Regex? pattern)
    {
        this.phrases = phrases;
        this.pattern = pattern;
    }

    /// <summary>Builds a matcher, adding a problem for every unusable phrase or pattern.</summary>
    public static TextMatcher Create(string where, IEnumerable<string> phrases, string? pattern, List<string> problems)
    {
        var compiled = new List<Phrase>();
        foreach (var raw in phrases)
        {
            var text = TriageText.Normalize(raw ?? "", "");
            var prefix = text.EndsWith('*');
            text = text.TrimEnd('*').Trim();
            if (text.Length == 0)
            {
                problems.Add($"{where}: empty phrase");
                continue;
            }

            compiled.Add(new Phrase(text, prefix));
        }

        return new TextMatcher([.. compiled], CompilePattern(where, pattern, problems));
    }

    public static Regex? CompilePattern(string where, string? pattern, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return null;
        }

        try
        {
            // Text is lower-cased before matching, so patterns need no IgnoreCase; the timeout keeps
            // a careless pattern from stalling the queue.
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{where}: invalid pattern /{pattern}/: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// The first phrase or pattern match that <paramref name="negation"/> does not cancel, as a
    /// position in <paramref name="text"/>. When every match is cancelled ("no data loss"), the
    /// first cancelled one comes back in <paramref name="negated"/> so the reasons can say so.
    /// </summary>
    public bool TryMatch(string text, Negation? negation, out Range match, out Range? negated)
    {
        negated = null;
        foreach (var phrase in phrases)
        {
            var from = 0;
            while (phrase.TryFind(text, from, out match))
            {
                if (negation?.Cancels(text, match.Start.Value) != true)
                {
                    return true;
                }

                negated ??= match;
                from = match.Start.Value + 1;
            }
        }

        match = default;
        if (pattern is null)
        {
            return false;
        }

        try
        {
            foreach (var found in pattern.EnumerateMatches(text))
            {
                var candidate = new Range(found.Index, found.Index + found.Length);
                if (negation?.Cancels(text, found.Index) != true)
                {
                    match = candidate;
                    return true;
                }

                negated ??= candidate;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // One runaway pattern must not stop an inquiry being triaged; it simply does not fire.
        }

        return false;
    }

    private readonly record struct Phrase(string Text, bool Prefix)
    {
        public bool TryFind(string text, int from, out Range match)
        {
            var span = text.AsSpan();
            var start = from;
            while (start < span.Length)
            {
                var at = span[start..].IndexOf(Text, StringComparison.Ordinal);
                if (at < 0)
                {
                    break;
                }

                at += start;
                var end = at + Text.Length;
                if (IsBoundary(span, at - 1, Text[0]) && (Prefix || IsBoundary(span, end, Text[^1])))
                {
                    match = new Range(at, end);
                    return true;
                }

                start = at + 1;
            }

            match = default;
            return false;
        }

        // A phrase that starts or ends with punctuation ("?", "inv-") needs no boundary on that side.
        private static bool IsBoundary(ReadOnlySpan<char> span, int index, char phraseEdge) =>
            !char.IsLetterOrDigit(phraseEdge) || index < 0 || index >= span.Length || !char.IsLetterOrDigit(span[index]);
    }
}
