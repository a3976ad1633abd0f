using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Support.Core.Bookings;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Web.Identity;

namespace Support.Web.Bookings;

/// <summary>One of the signed-in person's sessions, with its time on their clock and on the customer's.</summary>
public sealed record SessionView(
    string Id,
    string Kind,
    string KindName,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string StaffTime,
    string CustomerTime,
    string CustomerName,
    string CustomerEmail,
    string? CustomerPhone,
    string? Note,
    string? TicketReference);

public sealed record TodayView(IReadOnlyList<SessionView> Sessions);

/// <summary>A start a session can move to, on the signed-in person's clock, and who would give it.</summary>
public sealed record FreeSlotView(DateTimeOffset Start, DateTimeOffset End, string PersonId, string PersonName, string Time);

public sealed record FreeSlotsView(IReadOnlyList<FreeSlotView> Slots);

/// <summary>Where staff move a session to (ISO 8601; one of the free starts).</summary>
public sealed record RescheduleRequest(string? Start);

/// <summary>A ticket's signed booking link, for a reply.</summary>
public sealed record BookingLinkView(string Url, DateTimeOffset Expires);

/// <summary>
/// <c>GET /api/bookings/today</c>: the signed-in person's sessions today (their day); <c>POST /api/bookings/{id}/done</c>
/// and <c>/no-show</c> once a session has started, recorded on its ticket; <c>GET /api/bookings/{id}/free</c> and
/// <c>POST /api/bookings/{id}/reschedule</c> to move a session; <c>GET /api/tickets/{reference}/booking-link</c>.
/// </summary>
public sealed class StaffBookingEndpoints(
    BookingDesk desk,
    IBookingStore store,
    ITicketStore tickets,
    IRosterStore rosters,
    IOptions<MailOptions> mail,
    IOptions<SiteOptions> site,
    IOptions<BookingOptions> options,
    TimeProvider time)
{
    public const int MaxBodyBytes = 1024;

    public async Task<IResult> TodayAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(request);
        if (actor.Person is not { } person)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a person has sessions.", detail: "Sessions belong to a person on the roster; an integration key has none.");
        }

        var sessions = await desk.TodayAsync(person, cancellationToken);
        return Results.Json(new TodayView([.. sessions.Select(b => View(b, person))]), WebJson.Default.TodayView);
    }

    public async Task<IResult> MarkAsync(HttpRequest request, string id, BookingStatus outcome, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(request);
        var marked = await desk.MarkAsync(id, outcome, actor.Id, cancellationToken);
        return marked is null
            ? Problems.Conflict("There is no such session, or it was cancelled or has not started yet.")
            : Results.Json(View(marked, actor.Person), WebJson.Default.SessionView);
    }

    public async Task<IResult> FreeAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var booking = await store.GetAsync(id, cancellationToken);
        if (booking is not { Status: BookingStatus.Booked })
        {
            return Problems.NotFound("There is no such open session.");
        }

        return Results.Json(await SlotsAsync(await desk.FreeForAsync(booking, cancellationToken), StaffActor.Of(request).Person, cancellationToken), WebJson.Default.FreeSlotsView);
    }

    /// <summary>200 with the moved session; 409 with the next free starts when the start is taken or past, or the session is not open.</summary>
    public async Task<IResult> RescheduleAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (body, invalid) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, WebJson.Default.RescheduleRequest, "a JSON object", cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        var actor = StaffActor.Of(request);
        var result = await desk.RescheduleAsync(id, body.Start, actor.Id, cancellationToken);
        return result.Answer switch
        {
            BookingAnswer.Booked => Results.Json(View(result.Booking!, actor.Person), WebJson.Default.SessionView),
            BookingAnswer.Invalid => Problems.Validation(result.Errors!),
            BookingAnswer.BadToken => Problems.Conflict(result.Why!),
            _ => Results.Json(await SlotsAsync(result.Free, actor.Person, cancellationToken), WebJson.Default.FreeSlotsView, statusCode: StatusCodes.Status409Conflict),
        };
    }

    public async Task<IResult> TicketLinkAsync(string reference, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(reference, cancellationToken);
        if (ticket is null || ticket.Status == TicketStatus.Closed)
        {
            return Problems.NotFound("There is no such open ticket: a closed ticket takes no bookings.");
        }

        var now = time.GetUtcNow();
        var url = TicketBookingLink.For(new PublicLinks(site), mail.Value, options.Value, ticket, now);
        return Results.Json(new BookingLinkView(url, now.AddDays(options.Value.TicketLinkDays)), WebJson.Default.BookingLinkView);
    }

    private async Task<FreeSlotsView> SlotsAsync(IReadOnlyList<FreeSlot> slots, Person? viewer, CancellationToken cancellationToken)
    {
        var roster = await rosters.GetAsync(cancellationToken);
        var zone = viewer?.TimeZone ?? "UTC";
        return new FreeSlotsView([.. slots.Select(s =>
        {
            var name = roster.Find(s.PersonId)?.Name ?? s.PersonId;
            var when = BookingMailComposer.When(s.Start, s.End, zone);
            return new FreeSlotView(s.Start, s.End, s.PersonId, name, $"{when} with {name}");
        })]);
    }

    private SessionView View(Booking b, Person? staff) => new(
        b.Id,
        b.Kind,
        options.Value.Kind(b.Kind)?.Name ?? b.Kind,
        b.Start,
        b.End,
        b.Status switch { BookingStatus.NoShow => "no-show", _ => b.Status.ToString().ToLowerInvariant() },
        BookingMailComposer.When(b, staff?.TimeZone ?? "UTC"),
        BookingMailComposer.When(b, b.CustomerTimeZone),
        b.CustomerName,
        b.CustomerEmail,
        b.CustomerPhone,
        b.Note,
        b.TicketReference);
}
