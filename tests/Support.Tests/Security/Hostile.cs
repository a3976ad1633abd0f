using FsCheck;
using FsCheck.Fluent;

namespace Support.Tests.Security;

/// <summary>
/// Strings an attacker would send: line breaks of every kind, control characters, header
/// injections, markup, encoded-words, lone surrogates, look-alike references and long runs,
/// mixed with arbitrary UTF-16. Registered as the string arbitrary of the hostile-input properties.
/// </summary>
public static class Hostile
{
    public static readonly string[] Fragments =
    [
        "\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029", "\0", "\t", "\u001b[31m", "\u007f",
        "\r\nBcc: victim@example.net", "\nSubject: injected", "%0d%0aBcc:%20x@example.net",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "&amp;", "&#x3C;", "'", "\"",
        "=?utf-8?b?QmNjOiBldmlsQGV4YW1wbGUubmV0?=", "=?iso-8859-1?q?=0D=0A?=",
        "SUP-", "sup-7k3q9f", "[SUP-7K3Q9F]", "SUP-7K3Q9FX", "SUP-0O0O0O",
        "\uD83D\uDE00", "\uD800", "\uDC00", "\uFEFF", "\u202E", "ä", "Ω", " ", "  ", "ada@example.com", "@", "<", ">",
    ];

    public static Gen<string> Piece { get; } = Gen.Frequency(
        (4, Gen.Elements(Fragments)),
        (4, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(1, 400).Select(n => new string('A', n))));

    public static Gen<string> Text { get; } = Gen.Frequency(
        (10, Gen.ListOf(Piece).Select(p => string.Concat(p))),
        (1, Gen.Choose(190, 260).Select(n => new string('x', n) + "\r\nBcc: x@example.net")),
        (1, Gen.Constant(string.Empty)));

    public static Arbitrary<string> Strings() => Text.ToArbitrary();

    public static bool HasLineBreak(string? value) =>
        value is not null && value.Any(c => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029');

    public static bool HasControl(string? value) => value is not null && value.Any(char.IsControl);

    /// <summary>True when every surrogate is paired (the text survives UTF-8 without replacement characters).</summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
