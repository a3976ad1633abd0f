using System.Text;

namespace Support.Core.Intake;

public static class TextNormalizer
{
    /// <summary>
    /// One line of text for names and subjects: control characters (CR/LF among them) become
    /// spaces and runs of white space collapse, so the value can never break a mail header.
    /// </summary>
    public static string SingleLine(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            // Stop at the limit rather than end on a space or cut a surrogate pair in half (half an emoji becomes U+FFFD in UTF-8).
            if (builder.Length + (pendingSpace ? 1 : 0) + (char.IsHighSurrogate(c) ? 2 : 1) > maxLength)
            {
                break;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            if (builder.Length >= maxLength)
            {
                break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Multi-line text: line endings become \n, other control characters go, trailing space is trimmed.</summary>
    public static string Body(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < value.Length && value[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
