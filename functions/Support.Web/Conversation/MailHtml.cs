using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace Support.Web.Conversation;

/// <summary>
/// Sanitizes a mail's HTML for staff to read: no scripts, event handlers, forms or frames, and no
/// remote images unless the staff member asks (a remote image tells the sender the mail was read).
/// The console still shows the result only in a sandboxed frame with its own content policy.
/// </summary>
public sealed class MailHtml
{
    /// <summary>Where a remote image's address is kept when it is not loaded, so the console can say one was held back.</summary>
    public const string HeldImageAttribute = "data-remote-src";

    public string Sanitize(string html, bool remoteImages)
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add(HeldImageAttribute);
        if (!remoteImages)
        {
            sanitizer.PostProcessNode += (_, e) =>
            {
                if (e.Node is IHtmlImageElement image && image.GetAttribute("src") is { } src
                    && (src.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || src.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || src.StartsWith("//", StringComparison.Ordinal)))
                {
                    image.RemoveAttribute("src");
                    image.SetAttribute(HeldImageAttribute, src);
                }
            };
        }

        return sanitizer.Sanitize(html);
    }
}
