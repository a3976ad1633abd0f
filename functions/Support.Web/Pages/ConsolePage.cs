namespace Support.Web.Pages;

/// <summary>
/// The staff console (<c>GET /console</c>): a static page, public like any file; everything it shows
/// comes from the staff API with the person's sign-in (a cookie), so the page itself holds no secret.
/// </summary>
public static class ConsolePage
{
    private static readonly string Html = Page(Assets.ConsoleHtml);

    // The local host offers its development sign-in in place of the work-account one.
    private static readonly string DevHtml = Page(Assets.ConsoleHtml.Replace("data-sign-in=\"aad\"", "data-sign-in=\"dev\"", StringComparison.Ordinal));

    /// <param name="devSignIn">True on the local host, whose <c>/.auth/login/dev</c> signs in as a roster id; Azure's is Easy Auth's <c>/.auth/login/aad</c>.</param>
    public static HtmlPage Render(bool devSignIn = false) =>
        new(devSignIn ? DevHtml : Html, 200, Assets.ConsoleJs, Assets.SiteCss, imageSources: "'self' data: https:");

    private static string Page(string body) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Support console</title>
        <style>{Assets.SiteCss}</style>
        </head>
        <body>
        {body}
        <script>{Assets.ConsoleJs}</script>
        </body>
        </html>
        """;
}
