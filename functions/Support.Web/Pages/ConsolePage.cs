namespace Support.Web.Pages;

/// <summary>
/// The staff console (<c>GET /console</c>): a static page, public like any file; everything it shows
/// comes from the staff API with the key the user enters, kept in sessionStorage for the tab.
/// </summary>
public static class ConsolePage
{
    private static readonly string Html = $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Support console</title>
        <style>{Assets.SiteCss}</style>
        </head>
        <body>
        {Assets.ConsoleHtml}
        <script>{Assets.ConsoleJs}</script>
        </body>
        </html>
        """;

    public static HtmlPage Render() => new(Html, 200, Assets.ConsoleJs, Assets.SiteCss, imageSources: "'self' data: https:");
}
