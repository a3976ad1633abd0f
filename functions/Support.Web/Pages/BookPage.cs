using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Support.Core.Bookings;
using Support.Core.Mail;
using Support.Core.Roster;

namespace Support.Web.Pages;

/// <summary>What the booking page shows: the kinds, the free times of one kind in the customer's zone, and the form.</summary>
public sealed record BookPageModel
{
    public required IReadOnlyList<SessionKind> Kinds { get; init; }

    public required SessionKind Kind { get; init; }

    /// <summary>The customer's IANA zone: every time on the page is on its wall clock.</summary>
    public required string Zone { get; init; }

    public required IReadOnlyList<FreeSlot> Slots { get; init; }

    public string? TicketToken { get; init; }

    public string? RescheduleToken { get; init; }

    /// <summary>The booking being moved, shown above the times.</summary>
    public Booking? Replacing { get; init; }

    public BookingForm? Values { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the page came back instead of a confirmation (a time just taken, a link expired).</summary>
    public string? Notice { get; init; }

    public int StatusCode { get; init; } = StatusCodes.Status200OK;
}

/// <summary>
/// The booking page (<c>GET /api/book</c>) and the pages its posts land on. Works without JavaScript: the kind and the
/// time zone are a plain GET form with a button, the times radio buttons in a POST form; the embedded script picks the
/// browser's zone on the first visit and reloads on a change. Every dynamic value is HTML-encoded here.
/// </summary>
public static class BookPage
{
    /// <summary>IANA zones a customer can choose, "UTC" first.</summary>
    public static IReadOnlyList<string> Zones { get; } =
    [
        "UTC",
        .. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal) && !id.StartsWith("SystemV/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    private static string Path => PublicLinks.BookPagePath;

    public static HtmlPage Form(BookPageModel model)
    {
        var zone = ZoneTime.TryFind(model.Zone, out var found) ? found : TimeZoneInfo.Utc;
        var values = model.Values ?? new BookingForm();
        var body = new StringBuilder();
        body.Append(model.Replacing is null ? "<h1>Book a session</h1>" : "<h1>Move your session</h1>");
        body.Append("<div id=\"status\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\"");
        body.Append(model.Notice is null ? " hidden>" : " class=\"summary\">").Append(E(model.Notice)).Append("</div>");
        if (model.Replacing is { } old)
        {
            body.Append("<p>Your ").Append(E(model.Kind.Name.ToLowerInvariant())).Append(" is now ").Append(E(BookingMailComposer.When(old, zone.Id))).Append(". Choose a new time.</p>");
        }

        ErrorSummary(body, model.Errors);

        // The kind and the zone: a GET form, so a choice is a link and the page works without a script.
        body.Append("<form id=\"choose-form\" method=\"get\" action=\"").Append(Path).Append("\">");
        Hidden(body, "ticket", model.TicketToken);
        Hidden(body, "reschedule", model.RescheduleToken);
        if (model.Replacing is null)
        {
            body.Append("<fieldset class=\"field\"><legend>Kind of session</legend>");
            foreach (var kind in model.Kinds)
            {
                var id = "f-kind-" + kind.Id;
                body.Append("<div class=\"choice\"><input type=\"radio\" name=\"kind\" id=\"").Append(E(id)).Append("\" value=\"").Append(E(kind.Id)).Append('"')
                    .Append(kind.Id == model.Kind.Id ? " checked" : string.Empty).Append("><label for=\"").Append(E(id)).Append("\">")
                    .Append(E(kind.Name)).Append(" (").Append((int)kind.Length.TotalMinutes).Append(" minutes)</label></div>");
            }

            body.Append("</fieldset>");
        }
        else
        {
            Hidden(body, "kind", model.Kind.Id);
        }

        body.Append("<div class=\"field\"><label for=\"f-tz\">Your time zone</label><p class=\"hint\" id=\"tz-hint\">Times below are shown in this zone.</p>")
            .Append("<select id=\"f-tz\" name=\"tz\" aria-describedby=\"tz-hint\">");
        foreach (var id in Zones)
        {
            body.Append("<option value=\"").Append(E(id)).Append('"').Append(id == zone.Id ? " selected" : string.Empty).Append('>').Append(E(id)).Append("</option>");
        }

        body.Append("</select></div><button type=\"submit\" id=\"show-times\" class=\"secondary\">Show free times</button></form>");

        // The times and the customer's details: one POST.
        body.Append("<form id=\"book-form\" method=\"post\" action=\"").Append(Path).Append("\" novalidate>");
        Hidden(body, "kind", model.Kind.Id);
        Hidden(body, "tz", zone.Id);
        Hidden(body, "ticket", model.TicketToken);
        Hidden(body, "reschedule", model.RescheduleToken);
        Times(body, model, zone, values.Start);
        if (model.Replacing is null)
        {
            Input(body, "name", "Your name", values.Name, model.Errors, required: true, type: "text", autocomplete: "name", max: BookingDesk.MaxNameLength);
            Input(body, "email", "Email address", values.Email, model.Errors, required: true, type: "email", autocomplete: "email", max: 320, hint: "We send the confirmation and the calendar invitation here.");
            var phoneRequired = model.Kind.Id == "phone";
            Input(body, "phone", "Phone number", values.Phone, model.Errors, required: phoneRequired, type: "tel", autocomplete: "tel", max: 40,
                hint: (phoneRequired ? "The number we will call. " : "Optional. ") + "Include the country code, for example +44 20 7946 0000.");
            body.Append("<div class=\"field\"><label for=\"f-note\">Note</label><p class=\"hint\" id=\"note-hint\">Optional. What would you like to cover?</p>")
                .Append("<textarea id=\"f-note\" name=\"note\" rows=\"4\" maxlength=\"").Append(BookingDesk.MaxNoteLength).Append("\" aria-describedby=\"note-hint note-error\"")
                .Append(model.Errors.ContainsKey("note") ? " aria-invalid=\"true\"" : string.Empty).Append('>').Append(E(values.Note)).Append("</textarea>");
            FieldError(body, "note", model.Errors);
            body.Append("</div>");
        }

        body.Append("<button type=\"submit\">").Append(model.Replacing is null ? "Book" : "Move it").Append("</button></form>");
        body.Append("<p><a href=\"").Append(PublicLinks.SupportPagePath).Append("\">Write to support instead</a></p>");
        return Page(model.Replacing is null ? "Book a session" : "Move your session", body.ToString(), model.StatusCode, withScript: true);
    }

    public static HtmlPage Confirmation(Booking booking, SessionKind kind, string staffName)
    {
        var body = new StringBuilder()
            .Append("<h1>").Append(booking.RescheduledFrom is null ? "Booked" : "Moved").Append("</h1>")
            .Append("<div id=\"confirmation\" class=\"confirmation\" role=\"status\" tabindex=\"-1\">")
            .Append("<p>Your ").Append(E(kind.Name.ToLowerInvariant())).Append(" is booked: <strong id=\"when\">").Append(E(BookingMailComposer.When(booking, booking.CustomerTimeZone))).Append("</strong>.</p>")
            .Append("<p>").Append(kind.Id == "phone" && booking.CustomerPhone is { } phone
                ? $"{E(staffName)} will call you on {E(phone)}."
                : $"You will meet {E(staffName)}.").Append("</p>")
            .Append("<p>We have sent the confirmation with a calendar invitation to ").Append(E(booking.CustomerEmail)).Append("; it has links to move or cancel the session.</p>");
        if (booking.TicketReference is { } reference)
        {
            body.Append("<p>Your reference is <strong id=\"reference\">").Append(E(reference)).Append("</strong>.</p>");
        }

        body.Append("</div><p><a href=\"").Append(Path).Append("\">Book another session</a></p>");
        return Page("Booked", body.ToString(), StatusCodes.Status200OK, withScript: false);
    }

    /// <summary>A cancel link only asks (mail scanners open links): the cancellation is the button's post.</summary>
    public static HtmlPage ConfirmCancel(Booking booking, SessionKind kind, string token)
    {
        var body = new StringBuilder()
            .Append("<h1>Cancel your session</h1><p>Your ").Append(E(kind.Name.ToLowerInvariant())).Append(" is ")
            .Append(E(BookingMailComposer.When(booking, booking.CustomerTimeZone))).Append(".</p>")
            .Append("<form method=\"post\" action=\"/").Append(Routes.Prefix).Append('/').Append(Routes.BookCancel).Append("\">");
        Hidden(body, "cancel", token);
        body.Append("<button type=\"submit\">Cancel the session</button></form>")
            .Append("<p>To move it instead, use the other link in the confirmation mail.</p>");
        return Page("Cancel your session", body.ToString(), StatusCodes.Status200OK, withScript: false);
    }

    public static HtmlPage Cancelled(Booking booking, SessionKind kind)
    {
        var body = new StringBuilder()
            .Append("<h1>Cancelled</h1><div id=\"confirmation\" class=\"confirmation\" role=\"status\" tabindex=\"-1\"><p>Your ")
            .Append(E(kind.Name.ToLowerInvariant())).Append(" on ").Append(E(BookingMailComposer.When(booking, booking.CustomerTimeZone)))
            .Append(" is cancelled. We have told ").Append("the person who was to give it.</p></div>")
            .Append("<p><a href=\"").Append(Path).Append("?kind=").Append(Uri.EscapeDataString(kind.Id)).Append("&amp;tz=").Append(Uri.EscapeDataString(booking.CustomerTimeZone)).Append("\">Book another time</a></p>");
        return Page("Cancelled", body.ToString(), StatusCodes.Status200OK, withScript: false);
    }

    /// <summary>A link that cannot be used (forged, expired, used): what happened and where to book instead.</summary>
    public static HtmlPage LinkRefused(string why, int statusCode = StatusCodes.Status400BadRequest)
    {
        var body = $"""
            <h1>This link cannot be used</h1>
            <div class="summary" role="alert"><p>{E(why)}</p></div>
            <p><a href="{Path}">See the free times and book again</a></p>
            """;
        return Page("Link not usable", body, statusCode, withScript: false);
    }

    private static void Times(StringBuilder body, BookPageModel model, TimeZoneInfo zone, string? chosen)
    {
        body.Append("<fieldset class=\"field times\" aria-describedby=\"start-error\"><legend>Free times (")
            .Append(E(zone.Id)).Append(')').Append("</legend>");
        if (model.Slots.Count == 0)
        {
            body.Append("<p>No free times in the next days. Please write to support instead.</p>");
        }

        foreach (var day in model.Slots.GroupBy(s => DateOnly.FromDateTime(ZoneTime.ToLocal(s.Start, zone))))
        {
            body.Append("<div class=\"day\"><p class=\"day-name\">").Append(E(day.Key.ToString("dddd d MMMM", CultureInfo.InvariantCulture))).Append("</p><div class=\"slots\">");
            foreach (var slot in day)
            {
                var value = slot.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                var id = "f-start-" + slot.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var start = ZoneTime.ToLocal(slot.Start, zone);
                var end = ZoneTime.ToLocal(slot.End, zone);
                body.Append("<span class=\"slot\"><input type=\"radio\" name=\"start\" id=\"").Append(id).Append("\" value=\"").Append(value).Append('"')
                    .Append(value == chosen ? " checked" : string.Empty).Append("><label for=\"").Append(id).Append("\">")
                    .Append(start.ToString("HH:mm", CultureInfo.InvariantCulture)).Append('–').Append(end.ToString("HH:mm", CultureInfo.InvariantCulture))
                    .Append("</label></span>");
            }

            body.Append("</div></div>");
        }

        FieldError(body, "start", model.Errors);
        body.Append("</fieldset>");
    }

    private static void ErrorSummary(StringBuilder body, IReadOnlyDictionary<string, string> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        body.Append("<div id=\"error-summary\" class=\"summary\" role=\"alert\" tabindex=\"-1\"><h2>")
            .Append(errors.Count == 1 ? "One field needs attention" : $"{errors.Count} fields need attention").Append("</h2><ul>");
        foreach (var (field, message) in errors)
        {
            var target = field == "start" ? "book-form" : "f-" + field;
            body.Append("<li><a href=\"#").Append(E(target)).Append("\">").Append(E(message)).Append("</a></li>");
        }

        body.Append("</ul></div>");
    }

    private static void Input(StringBuilder html, string name, string label, string? value, IReadOnlyDictionary<string, string> errors, bool required, string type, string autocomplete, int max, string? hint = null)
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

        html.Append("<input id=\"f-").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append("\" maxlength=\"").Append(max).Append("\" value=\"").Append(E(value)).Append('"')
            .Append(" aria-describedby=\"").Append(hint is null ? $"{name}-error" : $"{name}-hint {name}-error").Append('"');
        if (required)
        {
            html.Append(" required aria-required=\"true\"");
        }

        if (errors.ContainsKey(name))
        {
            html.Append(" aria-invalid=\"true\"");
        }

        html.Append('>');
        FieldError(html, name, errors);
        html.Append("</div>");
    }

    private static void FieldError(StringBuilder html, string name, IReadOnlyDictionary<string, string> errors)
    {
        var message = errors.TryGetValue(name, out var error) ? error : null;
        html.Append("<p class=\"error\" id=\"").Append(name).Append("-error\"").Append(message is null ? " hidden" : string.Empty).Append('>').Append(E(message)).Append("</p>");
    }

    private static void Hidden(StringBuilder html, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">");
        }
    }

    private static HtmlPage Page(string title, string body, int statusCode, bool withScript)
    {
        var script = withScript ? Assets.BookJs : string.Empty;
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
            <a class="skip" href="#main">Skip to the content</a>
            <main id="main" class="page">
            {body}
            </main>
            {(withScript ? $"<script>{script}</script>" : string.Empty)}
            </body>
            </html>
            """;
        return new HtmlPage(html, statusCode, script, Assets.SiteCss);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
