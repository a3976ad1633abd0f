using System.Text.RegularExpressions;

namespace Support.Core.Triage.Policy;

/// <summary>
/// Words that cancel the match right after them: "no data loss", "not urgent", "nothing is down".
/// Only the few words just before a match are looked at, so a negation earlier in the sentence
/// ("we don't know why nobody can log in") leaves the match counting.
/// </summary>
internal sealed class Negation(Regex beforeMatch)
{
    // Long enough for a negator and one filler word ("nothing seems", "no sign of"), short enough
    // that an unrelated "no" further back does not reach and the check stays cheap.
    private const int Window = 24;

    public static Negation? Compile(string? pattern, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return null;
        }

        // Anchored to the end of the window, so it only matches words that end where the match begins.
        var regex = TextMatcher.CompilePattern("negationPattern", $"(?:{pattern})\\s*$", problems);
        return regex is null ? null : new Negation(regex);
    }

    public bool Cancels(string text, int matchStart)
    {
        var from = Math.Max(0, matchStart - Window);

        // Start on a word boundary so half a word ("…nnot") is never read as a negator ("not").
        while (from > 0 && char.IsLetterOrDigit(text[from - 1]))
        {
            from--;
        }

        try
        {
            return beforeMatch.IsMatch(text.AsSpan(from, matchStart - from));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
