using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Support.Core.Bookings;
using Support.Core.Calendars;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Web.Pages;

namespace Support.Web.Bookings;

/// <summary>
/// <c>GET /api/book</c> (the page, or a mail's cancel link's question), <c>POST /api/book</c> (book, or move with a
/// reschedule token) and <c>POST /api/book/cancel</c>. Public like the web form, under its per-IP rate limit; every
/// refusal is a page that says why and offers the next free times, never a 500.
/// </summary>
public sealed class BookingEndpoints(
    BookingDesk desk,
    BookingCalendar calendar,
    IRosterStore rosters,
    RegionPolicy regions,
    WebFormRateLimit rateLimit,
    ILogger<BookingEndpoints> logger)
{
    public const int MaxBodyBytes = 16 * 1024;

    public async Task<IResult> PageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        try
        {
            if (query.ContainsKey("cancel"))
            {
                var token = query["cancel"].ToString();
                var (booking, why) = await desk.OpenBookingAsync(BookingPurpose.Cancel, token, cancellationToken);
                return booking is null ? BookPage.LinkRefused(why!) : BookPage.ConfirmCancel(booking, KindOf(booking), token);
            }

            return await FormAsync(
                new BookingForm { Kind = query["kind"], TimeZone = query["tz"], Ticket = Optional(query["ticket"]), Reschedule = Optional(query["reschedule"]) },
                notice: null,
                errors: null,
                slots: null,
                StatusCodes.Status200OK,
                cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError("Booking page not served, answering 503: {Cause}", ex.InnerException?.Message ?? ex.Message);
            return Unavailable();
        }
    }

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, refusal) = await ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        try
        {
            var result = await desk.BookAsync(form, cancellationToken);
            switch (result.Answer)
            {
                case BookingAnswer.Booked:
                    var roster = await rosters.GetAsync(cancellationToken);
                    return BookPage.Confirmation(result.Booking!, KindOf(result.Booking!), roster.Find(result.Booking!.PersonId)?.Name ?? "our team");

                case BookingAnswer.Invalid:
                    return await FormAsync(form, "Some details need attention; nothing is booked yet.", result.Errors, null, StatusCodes.Status400BadRequest, cancellationToken);

                case BookingAnswer.Taken:
                    return await FormAsync(form with { Start = null }, "Sorry, that time is no longer free: someone else booked it first, or it is too soon for us to prepare. These are the next free times.", null, result.Free, StatusCodes.Status409Conflict, cancellationToken);

                case BookingAnswer.Past:
                    return await FormAsync(form with { Start = null }, "That time has passed. These are the next free times.", null, result.Free, StatusCodes.Status409Conflict, cancellationToken);

                default:
                    return BookPage.LinkRefused(result.Why ?? "This link is not valid.");
            }
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError("Booking not taken, answering 503: {Cause}", ex.InnerException?.Message ?? ex.Message);
            return Unavailable();
        }
    }

    public async Task<IResult> CancelAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, refusal) = await ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        try
        {
            var result = await desk.CancelAsync(form.Cancel, cancellationToken);
            return result.Answer == BookingAnswer.Cancelled
                ? BookPage.Cancelled(result.Booking!, KindOf(result.Booking!))
                : BookPage.LinkRefused(result.Why ?? "This link is not valid.");
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError("Cancellation not taken, answering 503: {Cause}", ex.InnerException?.Message ?? ex.Message);
            return Unavailable();
        }
    }

    private async Task<IResult> FormAsync(BookingForm form, string? notice, IReadOnlyDictionary<string, string>? errors, IReadOnlyList<FreeSlot>? slots, int statusCode, CancellationToken cancellationToken)
    {
        Booking? replacing = null;
        string? preferred = null;
        if (form.Reschedule is { } reschedule)
        {
            (replacing, var why) = await desk.OpenBookingAsync(BookingPurpose.Reschedule, reschedule, cancellationToken);
            if (replacing is null)
            {
                return BookPage.LinkRefused(why!);
            }

            preferred = replacing.PersonId;
        }
        else if (form.Ticket is { } ticket)
        {
            (var reference, preferred, var why) = await desk.TicketOfAsync(ticket, cancellationToken);
            if (reference is null)
            {
                return BookPage.LinkRefused(why!);
            }
        }

        var kinds = calendar.Options.KindList();
        var kind = (replacing is null ? calendar.Options.Kind(form.Kind) : calendar.Options.Kind(replacing.Kind)) ?? kinds[0];
        var zone = ZoneTime.TryFind(form.TimeZone, out var tz) ? tz.Id : replacing?.CustomerTimeZone ?? regions.Default.TimeZone;
        return BookPage.Form(new BookPageModel
        {
            Kinds = kinds,
            Kind = kind,
            Zone = zone,
            Slots = slots is { Count: > 0 } ? slots : await calendar.FreeAsync(kind, preferred, cancellationToken),
            TicketToken = form.Ticket,
            RescheduleToken = form.Reschedule,
            Replacing = replacing,
            Values = form,
            Errors = errors ?? new Dictionary<string, string>(),
            Notice = notice,
            StatusCode = statusCode,
        });
    }

    private async Task<(BookingForm? Form, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (rateLimit.TryAcquire(rateLimit.ClientOf(request)) is { } retryAfter)
        {
            logger.LogWarning("Booking refused: rate limit reached for a client, retry after {Seconds}s", (int)Math.Ceiling(retryAfter.TotalSeconds));
            return (null, WebFormPage.TooMany(retryAfter));
        }

        if (!request.HasFormContentType)
        {
            return (null, Problems.UnsupportedMediaType("application/x-www-form-urlencoded"));
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, Problems.TooLarge(MaxBodyBytes));
        }

        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            fields = new FormReader(System.Text.Encoding.UTF8.GetString(body)).ReadForm();
        }
        catch (InvalidDataException ex)
        {
            return (null, Problems.BadRequest($"The form cannot be read: {ex.Message}"));
        }

        string? Field(string name) => fields.TryGetValue(name, out var value) ? Optional(value.ToString()) : null;
        return (new BookingForm
        {
            Kind = Field("kind"),
            Start = Field("start"),
            Name = Field("name"),
            Email = Field("email"),
            Phone = Field("phone"),
            Note = Field("note"),
            TimeZone = Field("tz"),
            Ticket = Field("ticket"),
            Reschedule = Field("reschedule"),
            Cancel = Field("cancel"),
        }, null);
    }

    private SessionKind KindOf(Booking booking) =>
        calendar.Options.Kind(booking.Kind) ?? new SessionKind(booking.Kind, booking.Kind, booking.End - booking.Start, Core.Domain.SupportRole.FirstLevel, false);

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static HtmlPage Unavailable() =>
        BookPage.LinkRefused("Sorry, bookings cannot be taken just now; nothing was booked. Please try again in a few seconds.", StatusCodes.Status503ServiceUnavailable);
}
