using System.Text;

namespace Support.Adapters.Email;

internal static class Charsets
{
    // .NET knows only the Unicode encodings and Latin-1 until the code-page provider is registered;
    // Shift_JIS, Windows-1252 and friends come from it.
    private static readonly Lazy<bool> Registered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    public static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>The encoding named <paramref name="name"/>; UTF-8 when it is missing or unknown.</summary>
    public static Encoding Get(string? name)
    {
        EnsureRegistered();
        if (string.IsNullOrWhiteSpace(name))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
