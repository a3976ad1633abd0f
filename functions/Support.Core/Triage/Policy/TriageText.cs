using System.Buffers;

namespace Support.Core.Triage.Policy;

/// <summary>
/// The one form of text every rule is written against: lower case, runs of whitespace as one
/// space, typographic apostrophes as <c>'</c>, and a hyphen between letters as a space (so
/// "set-up" and "set up" are one phrase). Built in a single pass with one string allocation.
/// </summary>
internal static class TriageText
{
    public static string Normalize(string subject, string body)
    {
        var length = subject.Length + 1 + body.Length;
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var written = 0;
            Append(subject, buffer, ref written);
            Append(" ", buffer, ref written);
            Append(body, buffer, ref written);
            var span = buffer.AsSpan(0, written).Trim(' ');
            return new string(span);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Append(string source, char[] buffer, ref int written)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c) || (c == '-' && IsLetterAt(source, i - 1) && IsLetterAt(source, i + 1)))
            {
                if (written > 0 && buffer[written - 1] != ' ')
                {
                    buffer[written++] = ' ';
                }

                continue;
            }

            buffer[written++] = c switch
            {
                '\u2018' or '\u2019' or '\u02bc' => '\'',
                '\u201c' or '\u201d' => '"',
                _ => char.ToLowerInvariant(c),
            };
        }
    }

    private static bool IsLetterAt(string source, int index) =>
        index >= 0 && index < source.Length && char.IsLetter(source[index]);
}
