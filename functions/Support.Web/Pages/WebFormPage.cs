using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Core.Intake;

namespace Support.Web.Pages;

/// <summary>
/// The public support page (<c>GET /</c>) and the pages a plain form post lands on: the form again
/// with the errors and the values, or the confirmation with the reference. Works without JavaScript;
/// the embedded script adds inline validation and shows the reference in place. Every dynamic value
/// is HTML-encoded here.
/// </summary>
public static class WebFormPage
{
    private static readonly (string Value, string Label)[] Severities =
    [
        (string.Empty, "Not sure"),
        ("S3", "Normal: a question or a minor problem"),
        ("S2", "High: something important does not work"),
        ("S1", "Critical: we cannot work at all"),
    ];

    /// <summary>A browser's plain form post (no script): answer with a page rather than JSON.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        request.HasFormContentType && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The form; after a failed post, with the values, the field errors, or a <paramref name="notice"/> about the whole post.</summary>
    public static HtmlPage Form(WebFormSubmission? values = null, IReadOnlyDictionary<string, string>? errors = null, int statusCode = StatusCodes.Status200OK, string? notice = null, TimeSpan? retryAfter = null)
    {
        values ??= new WebFormSubmission();
        errors ??= new Dictionary<string, string>();
        var body = new StringBuilder();
        body.Append("<h1>Contact support</h1><p>Tell us what you need and we will answer by email. Fields marked <span aria-hidden=\"true\">*</span><span class=\"visually-hidden\">required</span> are required.</p>");
        body.Append("<p>Rather talk to us? <a href=\"").Append(Core.Mail.PublicLinks.BookPagePath).Append("\">Book a phone call or an onboarding session</a>.</p>");
        body.Append("<div id=\"status\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\">").Append(E(notice)).Append("</div>");
        if (errors.Count > 0)
        {
            body.Append("<div id=\"error-summary\" class=\"summary\" role=\"alert\" tabindex=\"-1\"><h2>")
                .Append(errors.Count == 1 ? "One field needs attention" : $"{errors.Count} fields need attention")
                .Append("</h2><ul>");
            foreach (var (field, message) in errors)
            {
                body.Append("<li><a href=\"#f-").Append(E(field)).Append("\">").Append(E(message)).Append("</a></li>");
            }

            body.Append("</ul></div>");
        }

        body.Append("<form id=\"support-form\" method=\"post\" action=\"/").Append(Routes.Prefix).Append('/').Append(Routes.WebInquiry).Append("\" novalidate>");
        Input(body, "name", "Your name", values.Name, errors, required: true, type: "text", autocomplete: "name", max: WebFormRules.MaxNameLength);
        Input(body, "email", "Email address", values.Email, errors, required: true, type: "email", autocomplete: "email", max: 320, hint: "We send our answer here.");
        Input(body, "phone", "Phone number", values.Phone, errors, required: false, type: "tel", autocomplete: "tel", max: 40, hint: "Optional. Include the country code, for example +44 20 7946 0000.");
        Input(body, "product", "Product", values.Product, errors, required: false, type: "text", autocomplete: "off", max: WebFormRules.MaxProductLength, hint: "Optional. Which product is this about?");
        Select(body, values.Severity, errors);
        Input(body, "subject", "Subject", values.Subject, errors, required: true, type: "text", autocomplete: "off", max: WebFormRules.MaxSubjectLength);
        TextArea(body, values.Message, errors);

        // Hidden from people (and from assistive technology); bots fill it in and are dropped.
        body.Append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">Leave this field empty</label><input id=\"f-website\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>");
        body.Append("<button type=\"submit\">Send</button></form>");
        return Page("Contact support", body.ToString(), statusCode, withScript: true, retryAfter);
    }

    /// <summary>Storage could not take the post: the form again with the values, so nothing typed is lost.</summary>
    public static HtmlPage Unavailable(WebFormSubmission values, TimeSpan retryAfter) =>
        Form(values, statusCode: StatusCodes.Status503ServiceUnavailable, notice: "Sorry, your message could not be stored just now; nothing was sent. Please send it again in a few seconds.", retryAfter: retryAfter);

    /// <summary>Where "send another" leads: the form's address in both hosts (in Azure nothing answers at /).</summary>
    private static string SupportPage => Core.Mail.PublicLinks.SupportPagePath;

    public static HtmlPage Confirmation(string reference)
    {
        var body = $"""
            <h1>Thank you</h1>
            <div id="confirmation" class="confirmation" role="status" tabindex="-1">
            <p>We have your message. Your reference is <strong id="reference">{E(reference)}</strong>.</p>
            <p>We have sent a confirmation to your email address; please keep the reference in the subject when you write again.</p>
            </div>
            <p><a href="{SupportPage}">Send another message</a></p>
            """;
        return Page("Message received", body, StatusCodes.Status200OK, withScript: false);
    }

    public static HtmlPage TooMany(TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        var body = $"""
            <h1>Please wait a moment</h1>
            <div class="summary" role="alert"><p>We received many messages from your network just now. Please try again in {seconds} seconds.</p></div>
            <p><a href="{SupportPage}">Back to the form</a></p>
            """;
        return Page("Please wait", body, StatusCodes.Status429TooManyRequests, withScript: false, retryAfter);
    }

    private static HtmlPage Page(string title, string body, int statusCode, bool withScript, TimeSpan? retryAfter = null)
    {
        var script = withScript ? Assets.WebFormJs : string.Empty;
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title>
            <style>{Assets.SiteCss}</style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to the form</a>
            <main id="main" class="page">
            {body}
            </main>
            {(withScript ? $"<script>{script}</script>" : string.Empty)}
            </body>
            </html>
            """;
        return new HtmlPage(html, statusCode, script, Assets.SiteCss, retryAfter);
    }

    private static void Input(StringBuilder html, string name, string label, string? value, IReadOnlyDictionary<string, string> errors, bool required, string type, string autocomplete, int max, string? hint = null)
    {
        Open(html, name, label, required, hint);
        html.Append("<input id=\"f-").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append("\" maxlength=\"").Append(max).Append("\" value=\"").Append(E(value)).Append('"');
        Attributes(html, name, required, hint, errors);
        html.Append('>');
        Close(html, name, errors);
    }

    private static void TextArea(StringBuilder html, string? value, IReadOnlyDictionary<string, string> errors)
    {
        Open(html, "message", "Message", required: true, hint: null);
        html.Append("<textarea id=\"f-message\" name=\"message\" rows=\"8\" maxlength=\"").Append(WebFormRules.MaxMessageLength).Append('"');
        Attributes(html, "message", required: true, hint: null, errors);
        html.Append('>').Append(E(value)).Append("</textarea>");
        Close(html, "message", errors);
    }

    private static void Select(StringBuilder html, string? value, IReadOnlyDictionary<string, string> errors)
    {
        Open(html, "severity", "How urgent is it?", required: false, hint: null);
        html.Append("<select id=\"f-severity\" name=\"severity\"");
        Attributes(html, "severity", required: false, hint: null, errors);
        html.Append('>');
        foreach (var (option, label) in Severities)
        {
            var selected = string.Equals(option, value?.Trim(), StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty;
            html.Append("<option value=\"").Append(option).Append('"').Append(selected).Append('>').Append(E(label)).Append("</option>");
        }

        html.Append("</select>");
        Close(html, "severity", errors);
    }

    private static void Open(StringBuilder html, string name, string label, bool required, string? hint)
    {
        html.Append("<div class=\"field\"><label for=\"f-").Append(name).Append("\">").Append(E(label));
        if (required)
        {
            html.Append(" <span class=\"req\" aria-hidden=\"true\">*</span>");
        }

        html.Append("</label>");
        if (hint is not null)
        {
            html.Append("<p class=\"hint\" id=\"").Append(name).Append("-hint\">").Append(E(hint)).Append("</p>");
        }
    }

    private static void Attributes(StringBuilder html, string name, bool required, string? hint, IReadOnlyDictionary<string, string> errors)
    {
        if (required)
        {
            html.Append(" required aria-required=\"true\"");
        }

        var describedBy = hint is null ? $"{name}-error" : $"{name}-hint {name}-error";
        html.Append(" aria-describedby=\"").Append(describedBy).Append('"');
        if (errors.ContainsKey(name))
        {
            html.Append(" aria-invalid=\"true\"");
        }
    }

    private static void Close(StringBuilder html, string name, IReadOnlyDictionary<string, string> errors)
    {
        var message = errors.TryGetValue(name, out var error) ? error : null;
        html.Append("<p class=\"error\" id=\"").Append(name).Append("-error\"").Append(message is null ? " hidden" : string.Empty).Append('>')
            .Append(E(message)).Append("</p></div>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
