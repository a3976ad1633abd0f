using System.Security.Cryptography;
using System.Text;

namespace Support.Core.Domain;

/// <summary>
/// Human-friendly ticket references (<c>SUP-7K3Q9F</c>). A reference is derived from the
/// inquiry's de-duplication key, so a retried submission maps to the same reference without a
/// lookup; a clash with a different inquiry moves on to the next attempt.
/// </summary>
public static class TicketReference
{
    public const string Prefix = "SUP-";
    public const int Length = 6;

    // Crockford's alphabet: no I, L, O or U, so a reference read over the phone is unambiguous.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Derive(string dedupeKey, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{attempt}:{dedupeKey}"));
        var value = BitConverter.ToUInt64(hash, 0);
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return Prefix + new string(chars);
    }

    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != Prefix.Length + Length || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Finds a reference in free text such as a subject line (<c>[SUP-7K3Q9F]</c>), case-insensitively.</summary>
    public static string? FindIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var index = 0;
        while ((index = text.IndexOf(Prefix, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            if (index + Prefix.Length + Length <= text.Length)
            {
                var candidate = Prefix + text.Substring(index + Prefix.Length, Length).ToUpperInvariant();
                var endsCleanly = index + Prefix.Length + Length == text.Length || !char.IsLetterOrDigit(text[index + Prefix.Length + Length]);
                if (IsValid(candidate) && endsCleanly)
                {
                    return candidate;
                }
            }

            index += Prefix.Length;
        }

        return null;
    }
}
