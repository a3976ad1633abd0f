namespace Support.Web.Pages;

/// <summary>The pages' CSS and JavaScript, embedded in the assembly: nothing is fetched from elsewhere.</summary>
public static class Assets
{
    public static string SiteCss { get; } = Read("site.css");

    public static string WebFormJs { get; } = Read("webform.js");

    public static string BookJs { get; } = Read("book.js");

    public static string ConsoleJs { get; } = Read("console.js");

    public static string ConsoleHtml { get; } = Read("console.html");

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Support.Web.Pages.Assets." + name)
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var reader = new StreamReader(stream);

        // One line-ending convention, so the CSP hashes match whatever the checkout did.
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
