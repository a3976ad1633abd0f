using Microsoft.AspNetCore.Http;
using Support.Core.Bookings;
using Support.Core.Roster;
using Support.Web.Identity;

namespace Support.Web.Bookings;

/// <summary>One of the signed-in person's sessions, with its time on their clock and on the customer's.</summary>
public sealed record SessionView(
    string Id,
    string Kind,
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

/// <summary>
/// <c>GET /api/bookings/today</c>: the signed-in person's sessions today (their day); <c>POST /api/bookings/{id}/done</c>
/// and <c>/no-show</c> once a session has started, recorded on its ticket.
/// </summary>
public sealed class StaffBookingEndpoints(BookingDesk desk)
{
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

    private static SessionView View(Booking b, Person? staff) => new(
        b.Id,
        b.Kind,
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
