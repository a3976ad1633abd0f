using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Core.Bookings;

/// <summary>What the booking page posts, as typed.</summary>
public sealed record BookingForm
{
    public string? Kind { get; init; }

    /// <summary>The start chosen, as the page wrote it (ISO 8601 in UTC).</summary>
    public string? Start { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Note { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>A ticket's signed booking token: the session lands on that ticket.</summary>
    public string? Ticket { get; init; }

    /// <summary>A booking's signed reschedule token: the session replaces that booking.</summary>
    public string? Reschedule { get; init; }

    /// <summary>A booking's signed cancel token (the cancel page's form).</summary>
    public string? Cancel { get; init; }
}

public enum BookingAnswer
{
    Booked,
    Invalid,
    Taken,
    Past,

    /// <summary>A link's token is forged, expired, for another purpose, or its booking is no longer open.</summary>
    BadToken,
    Cancelled,
}

public sealed record BookingResult(BookingAnswer Answer, Booking? Booking = null, IReadOnlyList<FreeSlot>? NextFree = null, IReadOnlyDictionary<string, string>? Errors = null, string? Why = null)
{
    public IReadOnlyList<FreeSlot> Free => NextFree ?? [];
}

/// <summary>
/// The customer's side of bookings: book, move and cancel. A booking is claimed first (<see cref="BookingCalendar"/>);
/// only then does it go on its ticket (or open one) and its mails go out (<see cref="BookingMailer"/>), so nothing is
/// sent for a slot someone else holds.
/// </summary>
public sealed class BookingDesk(
    BookingCalendar calendar,
    IBookingStore store,
    ITicketStore tickets,
    TicketWriter writer,
    InquiryIntake intake,
    BookingMailer mailer,
    IOptions<MailOptions> mail,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<BookingDesk> logger)
{
    public const int MaxNameLength = 200;
    public const int MaxNoteLength = 2000;

    public const string SessionBooked = "session-booked";
    public const string SessionMoved = "session-moved";
    public const string SessionCancelled = "session-cancelled";
    public const string SessionDone = "session-done";
    public const string SessionNoShow = "session-no-show";

    /// <summary>The booking a signed link names, while it is still open; why not otherwise.</summary>
    public async Task<(Booking? Booking, string? Why)> OpenBookingAsync(BookingPurpose purpose, string? token, CancellationToken cancellationToken)
    {
        var check = BookingTokens.Check(mail.Value, purpose, token, time.GetUtcNow());
        if (!check.IsValid)
        {
            return (null, check.Refusal == TokenRefusal.Expired ? "This link has expired." : "This link is not valid.");
        }

        var booking = await store.GetAsync(check.Subject!, cancellationToken);
        return booking is { Status: BookingStatus.Booked } && booking.Start > time.GetUtcNow()
            ? (booking, null)
            : (null, "This booking was already moved or cancelled, or has passed.");
    }

    /// <summary>The ticket a signed booking link names and who owns it; why not otherwise.</summary>
    public async Task<(string? Reference, string? Assignee, string? Why)> TicketOfAsync(string? token, CancellationToken cancellationToken)
    {
        var check = BookingTokens.Check(mail.Value, BookingPurpose.Ticket, token, time.GetUtcNow());
        if (!check.IsValid)
        {
            return (null, null, check.Refusal == TokenRefusal.Expired ? "This booking link has expired." : "This booking link is not valid.");
        }

        var ticket = await tickets.GetAsync(check.Subject!, cancellationToken);
        return ticket is null || ticket.Status == TicketStatus.Closed
            ? (null, null, "The ticket of this booking link is closed.")
            : (ticket.Reference, ticket.Assignee, null);
    }

    public async Task<BookingResult> BookAsync(BookingForm form, CancellationToken cancellationToken)
    {
        Booking? replaces = null;
        string? reference = null;
        string? preferred = null;
        if (!string.IsNullOrEmpty(form.Reschedule))
        {
            (replaces, var why) = await OpenBookingAsync(BookingPurpose.Reschedule, form.Reschedule, cancellationToken);
            if (replaces is null)
            {
                return new BookingResult(BookingAnswer.BadToken, Why: why);
            }

            preferred = replaces.PersonId;
        }
        else if (!string.IsNullOrEmpty(form.Ticket))
        {
            (reference, preferred, var why) = await TicketOfAsync(form.Ticket, cancellationToken);
            if (reference is null)
            {
                return new BookingResult(BookingAnswer.BadToken, Why: why);
            }
        }

        var (request, errors) = Validate(form, replaces);
        if (request is null)
        {
            var kind = calendar.Options.Kind(form.Kind);
            var free = kind is null ? [] : BookingCalendar.Next(await calendar.FreeAsync(kind, preferred, cancellationToken), time.GetUtcNow());
            return new BookingResult(BookingAnswer.Invalid, NextFree: free, Errors: errors);
        }

        var outcome = await calendar.ClaimAsync(request with { TicketReference = reference, Preferred = preferred }, cancellationToken);
        if (outcome.Booking is not { } booking)
        {
            logger.LogInformation("Booking refused: {Why}", outcome.Status);
            return new BookingResult(outcome.Status == ClaimStatus.Past ? BookingAnswer.Past : BookingAnswer.Taken, NextFree: outcome.NextFree);
        }

        logger.LogInformation("Booking {Booking} claimed: {Kind} with {Person}", booking.Id, booking.Kind, booking.PersonId);
        return new BookingResult(BookingAnswer.Booked, await SettleAsync(booking, replaces, Actors.Customer, cancellationToken));
    }

    /// <summary>The free starts a staff member can move <paramref name="booking"/> to: its giver's first, as a customer's move offers.</summary>
    public async Task<IReadOnlyList<FreeSlot>> FreeForAsync(Booking booking, CancellationToken cancellationToken) =>
        calendar.Options.Kind(booking.Kind) is { } kind ? await calendar.FreeAsync(kind, booking.PersonId, cancellationToken) : [];

    /// <summary>
    /// A staff member moves a session to <paramref name="start"/>: claimed like a customer's booking (the same free
    /// starts, the same ETag-guarded write), then the customer is sent the moved invitation with new links, and a giver
    /// the session leaves is sent its cancellation. <see cref="BookingAnswer.BadToken"/> when the booking is not open.
    /// </summary>
    public async Task<BookingResult> RescheduleAsync(string id, string? start, string actor, CancellationToken cancellationToken)
    {
        var replaces = await store.GetAsync(id, cancellationToken);
        if (replaces is not { Status: BookingStatus.Booked } || replaces.Start <= time.GetUtcNow())
        {
            return new BookingResult(BookingAnswer.BadToken, Why: "There is no such session, or it was cancelled, moved or has started.");
        }

        var kind = calendar.Options.Kind(replaces.Kind);
        if (kind is null || !DateTimeOffset.TryParse(start, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            var free = kind is null ? [] : BookingCalendar.Next(await calendar.FreeAsync(kind, replaces.PersonId, cancellationToken), time.GetUtcNow());
            return new BookingResult(BookingAnswer.Invalid, NextFree: free, Errors: new Dictionary<string, string> { ["start"] = "Choose a time." });
        }

        var outcome = await calendar.ClaimAsync(
            new BookingRequest
            {
                Kind = kind,
                Start = at.ToUniversalTime(),
                CustomerName = replaces.CustomerName,
                CustomerEmail = replaces.CustomerEmail,
                CustomerPhone = replaces.CustomerPhone,
                Note = replaces.Note,
                CustomerTimeZone = replaces.CustomerTimeZone,
                Preferred = replaces.PersonId,
                Replaces = replaces,
            },
            cancellationToken);
        if (outcome.Booking is not { } booking)
        {
            return new BookingResult(outcome.Status == ClaimStatus.Past ? BookingAnswer.Past : BookingAnswer.Taken, NextFree: outcome.NextFree);
        }

        logger.LogInformation("Booking {Booking} moved by staff to {Moved} with {Person}", replaces.Id, booking.Id, booking.PersonId);
        return new BookingResult(BookingAnswer.Booked, await SettleAsync(booking, replaces, actor, cancellationToken));
    }

    /// <summary>
    /// What follows a claim: the booking it replaces is freed (its giver, when another now gives it, owed the
    /// cancellation), the session goes on its ticket and its mails go out.
    /// </summary>
    private async Task<Booking> SettleAsync(Booking booking, Booking? replaces, string actor, CancellationToken cancellationToken)
    {
        if (replaces is not null && await calendar.ReleaseAsync(replaces, booking, cancellationToken) is { } released)
        {
            await mailer.SendOwedAsync(released, cancellationToken);
        }

        booking = await OnTicketAsync(booking, replaces is null ? SessionBooked : SessionMoved, actor, cancellationToken);
        return await mailer.SendOwedAsync(booking, cancellationToken);
    }

    public async Task<BookingResult> CancelAsync(string? token, CancellationToken cancellationToken)
    {
        var (booking, why) = await OpenBookingAsync(BookingPurpose.Cancel, token, cancellationToken);
        if (booking is null)
        {
            return new BookingResult(BookingAnswer.BadToken, Why: why);
        }

        var released = await calendar.ReleaseAsync(booking, successor: null, cancellationToken);
        if (released is null)
        {
            return new BookingResult(BookingAnswer.BadToken, Why: "This booking was already moved or cancelled.");
        }

        logger.LogInformation("Booking {Booking} cancelled by the customer", booking.Id);
        released = await OnTicketAsync(released, SessionCancelled, Actors.Customer, cancellationToken);
        released = await mailer.SendOwedAsync(released, cancellationToken);
        return new BookingResult(BookingAnswer.Cancelled, released);
    }

    /// <summary>The staff member's sessions on their own local day of now (any status), earliest first.</summary>
    public async Task<IReadOnlyList<Booking>> TodayAsync(Roster.Person person, CancellationToken cancellationToken)
    {
        var day = FreeSlots.LocalDay(time.GetUtcNow(), Roster.ZoneTime.Find(person.TimeZone));
        var bookings = await store.BookingsAsync(day, day.AddDays(1), cancellationToken);
        return [.. bookings.Where(b => string.Equals(b.PersonId, person.Id, StringComparison.OrdinalIgnoreCase) && b.Status != BookingStatus.Cancelled).OrderBy(b => b.Start)];
    }

    /// <summary>
    /// Marks a session done or a no-show (once it has started), recorded on its ticket; null when there is no such
    /// booking, or it was cancelled or has not started.
    /// </summary>
    public async Task<Booking?> MarkAsync(string id, BookingStatus outcome, string actor, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(id, cancellationToken);
        while (current is not null)
        {
            if (current.Status == BookingStatus.Cancelled || current.Start > time.GetUtcNow())
            {
                return null;
            }

            if (current.Status == outcome)
            {
                return current;
            }

            if (await store.TryUpdateAsync(current with { Status = outcome }, cancellationToken) is { } stored)
            {
                return await OnTicketAsync(stored, outcome == BookingStatus.NoShow ? SessionNoShow : SessionDone, actor, cancellationToken);
            }

            current = await store.GetAsync(id, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// Records the session on its ticket; a booking without one opens one through intake (<see cref="SessionTickets"/>:
    /// triaged on the customer's note, owned by the session's giver).
    /// </summary>
    public async Task<Booking> OnTicketAsync(Booking booking, string eventType, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (booking.TicketReference is { } reference)
        {
            await writer.UpdateAsync(reference, stored =>
            {
                if (stored.Ticket.Timeline.Any(e => e.Type == eventType && e.Details.GetValueOrDefault("booking") == booking.Id))
                {
                    return false;
                }

                stored.Ticket.Append(now, eventType, actor, ("booking", booking.Id), ("kind", booking.Kind), ("with", booking.PersonId),
                    ("start", booking.Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("phone", booking.CustomerPhone));
                return true;
            }, cancellationToken);
            return booking;
        }

        var accepted = await intake.AcceptAsync(SessionTickets.Submission(booking, calendar.Options.Kind(booking.Kind)), cancellationToken);
        var current = booking;
        while (current is not null)
        {
            if (await store.TryUpdateAsync(current with { TicketReference = accepted.Reference }, cancellationToken) is { } stored)
            {
                return stored;
            }

            current = await store.GetAsync(booking.Id, cancellationToken);
        }

        return booking with { TicketReference = accepted.Reference };
    }

    private (BookingRequest? Request, IReadOnlyDictionary<string, string> Errors) Validate(BookingForm form, Booking? replaces)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var kind = calendar.Options.Kind(replaces?.Kind ?? form.Kind);
        if (kind is null)
        {
            errors["kind"] = "Choose the kind of session.";
        }

        if (!DateTimeOffset.TryParse(form.Start, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var start))
        {
            errors["start"] = "Choose a time.";
        }

        var name = replaces?.CustomerName ?? TextNormalizer.SingleLine(form.Name, MaxNameLength + 1);
        if (name.Length == 0)
        {
            errors["name"] = "Enter your name.";
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = $"The name is longer than {MaxNameLength} characters.";
        }

        var email = replaces?.CustomerEmail ?? ContactValidation.NormalizeEmail(form.Email);
        if (email is null)
        {
            errors["email"] = string.IsNullOrWhiteSpace(form.Email) ? "Enter your email address." : "This does not look like an email address (name@example.com).";
        }

        string? phone = replaces?.CustomerPhone;
        if (replaces is null && (!string.IsNullOrWhiteSpace(form.Phone) || kind?.Id == "phone"))
        {
            phone = ContactValidation.NormalizePhone(form.Phone, site.Value.DefaultPhoneRegion);
            if (phone is null)
            {
                errors["phone"] = string.IsNullOrWhiteSpace(form.Phone)
                    ? "Enter the number we should call."
                    : "This is not a phone number we can call; include the country code, for example +44 20 7946 0000.";
            }
        }

        var note = replaces?.Note ?? TextNormalizer.Body(form.Note);
        if (note.Length > MaxNoteLength)
        {
            errors["note"] = $"The note is longer than {MaxNoteLength} characters.";
        }

        var zone = Roster.ZoneTime.TryFind(form.TimeZone, out var tz) ? tz.Id : replaces?.CustomerTimeZone ?? "UTC";
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new BookingRequest
        {
            Kind = kind!,
            Start = start.ToUniversalTime(),
            CustomerName = name,
            CustomerEmail = email!,
            CustomerPhone = phone,
            Note = note.Length == 0 ? null : note,
            CustomerTimeZone = zone,
            Replaces = replaces,
        }, errors);
    }
}
