using Microsoft.Extensions.Options;

namespace Support.Core.Mail;

/// <summary>
/// Every public link the app writes (mails, the welcome mail, Twilio callbacks), built in this one
/// place from <see cref="SiteOptions.PublicBaseUrl"/>. The pages live under the same <c>api</c>
/// prefix in both hosts (host.json's routePrefix in Azure, where a function cannot be the site
/// root; Support.Local serves the same paths), so one link works in either.
/// </summary>
public sealed class PublicLinks(IOptions<SiteOptions> site)
{
    /// <summary>The route prefix of every function (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "api";

    /// <summary>The public support page (the web form), relative to <see cref="Prefix"/>.</summary>
    public const string SupportPage = "support";

    /// <summary>The staff console page, relative to <see cref="Prefix"/>.</summary>
    public const string ConsolePage = "console";

    /// <summary>The booking page, relative to <see cref="Prefix"/>.</summary>
    public const string BookPage = "book";

    public static string SupportPagePath => $"/{Prefix}/{SupportPage}";

    public static string BookPagePath => $"/{Prefix}/{BookPage}";

    public static string ConsolePagePath => $"/{Prefix}/{ConsolePage}";

    public string SupportPageUrl() => Absolute(SupportPagePath);

    /// <summary>The booking page, with a kind chosen or a signed token (<c>cancel</c>, <c>reschedule</c>, <c>ticket</c>) when given.</summary>
    public string BookPageUrl(params (string Name, string Value)[] query) => Url(BookPagePath, query);

    /// <summary>The console opened on one ticket.</summary>
    public string Ticket(string reference) => Absolute($"{ConsolePagePath}#ticket/{Uri.EscapeDataString(reference)}");

    /// <summary>A path under the site with its query, escaped (Twilio callbacks).</summary>
    public string Url(string path, params (string Name, string Value)[] query)
    {
        var url = Absolute(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            url += separator + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
            separator = '&';
        }

        return url;
    }

    private string Absolute(string path) => site.Value.PublicBaseUrl.TrimEnd('/') + path;
}
