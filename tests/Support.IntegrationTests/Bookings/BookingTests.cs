using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Core.Bookings;
using Support.Core.Mail;
using Support.Core.Roster;
using Xunit;

namespace Support.IntegrationTests.Bookings;

/// <summary>Booking through the local host as a customer does it: the page, the post, the mails in the local mailbox, the links in them.</summary>
public sealed class BookingTests
{
    [Fact]
    public async Task The_booking_page_is_public_and_shows_free_times_in_the_chosen_zone()
    {
        await using var site = await BookingSite.StartAsync();
        var client = site.Host.CreateClient();

        foreach (var path in new[] { "/book", "/api/book" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        // Amira (London, 08:00–12:00 and 13:00–17:00) gives the earliest phone call: Monday 06:00 UTC plus four of her
        // business hours is noon, lunch, then 13:00.
        var london = await site.PageAsync("?kind=phone&tz=Europe/London");
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 13, 0, 0, TimeSpan.Zero), BookingSite.Times(london)[0]);
        Assert.Contains("Free times (Europe/London)", london, StringComparison.Ordinal);
        Assert.Contains(">13:00–13:30</label>", london, StringComparison.Ordinal);

        // The same start in Los Angeles is 05:00 on the wall clock there.
        var losAngeles = await site.PageAsync("?kind=phone&tz=America/Los_Angeles");
        Assert.Equal(BookingSite.Times(london)[0], BookingSite.Times(losAngeles)[0]);
        Assert.Contains(">05:00–05:30</label>", losAngeles, StringComparison.Ordinal);
        Assert.Contains("<option value=\"America/Los_Angeles\" selected>", losAngeles, StringComparison.Ordinal);

        // An onboarding session is an hour with technical support.
        Assert.Contains(">09:00–10:00</label>", await site.PageAsync("?kind=onboarding&tz=Europe/London"), StringComparison.Ordinal);

        var forged = await client.GetAsync("/api/book?reschedule=20270301-0123456789abcdef~1900000000~00000000000000000000000000000000");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("This link is not valid.", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_answers_at_once_lands_on_a_new_ticket_and_mails_both_sides_an_invitation()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("onboard");
        var start = BookingSite.Times(await site.PageAsync("?kind=onboarding&tz=America/Los_Angeles"))[0];

        var (status, html) = await site.PostAsync("/api/book", BookingSite.Form("onboarding", start, email, "America/Los_Angeles"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Booked</h1>", html, StringComparison.Ordinal);
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;
        Assert.StartsWith("SUP-", reference, StringComparison.Ordinal);

        // The customer's invitation is in their zone; the staff member's in theirs; both are the same event at the same instant.
        var customerMail = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Booked: Onboarding session", StringComparison.Ordinal));
        var roster = RosterSamples();
        var staffMail = (await site.AllMailsAsync())
            .Single(m => m["subject"]!.GetValue<string>().StartsWith("Booked: Onboarding session", StringComparison.Ordinal) && roster.FindByEmail(m["to"]![0]!.GetValue<string>()) is not null);
        var staff = roster.FindByEmail(staffMail["to"]![0]!.GetValue<string>())!;
        Assert.Contains("Number to call: +442079460958", staffMail["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var customerInvite = BookingSite.Invitation(customerMail);
        var staffInvite = BookingSite.Invitation(staffMail);
        Assert.Equal("REQUEST", customerInvite.Method);
        var customerEvent = customerInvite.Events.Single();
        var staffEvent = staffInvite.Events.Single();
        Assert.Equal(customerEvent.Uid, staffEvent.Uid);
        Assert.Equal("America/Los_Angeles", customerEvent.DtStart!.TzId);
        Assert.Equal(staff.TimeZone, staffEvent.DtStart!.TzId);
        Assert.Equal(start.UtcDateTime, customerEvent.DtStart.AsUtc);
        Assert.Equal(start.UtcDateTime, staffEvent.DtStart.AsUtc);
        Assert.Equal(start.UtcDateTime.AddHours(1), customerEvent.DtEnd!.AsUtc);
        Assert.Equal(ZoneTime.ToLocal(start, ZoneTime.Find("America/Los_Angeles")), customerEvent.DtStart.Value);
        Assert.Equal(ZoneTime.ToLocal(start, ZoneTime.Find(staff.TimeZone)), customerEvent.DtStart.ToTimeZone(staff.TimeZone).Value);
        Assert.Contains(customerEvent.Attendees, a => string.Equals(a.Value?.ToString(), "mailto:" + staff.Email, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("mailto:" + site.Host.Services.GetRequiredService<IOptions<MailOptions>>().Value.FromAddress, customerEvent.Organizer!.Value!.ToString());

        // The booking opened an onboarding ticket for the customer, with the session on it.
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assigned");
        Assert.Equal("onboarding", ticket["category"]!.GetValue<string>());
        Assert.Equal(email, ticket["requester"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_customers_racing_for_one_slot_get_one_booking_and_the_loser_sees_the_next_free_times()
    {
        await using var site = await BookingSite.StartAsync();
        var start = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London"))[0];
        var (first, second) = (Api.UniqueEmail("first"), Api.UniqueEmail("second"));

        var answers = await Task.WhenAll(
            site.PostAsync("/api/book", BookingSite.Form("phone", start, first)),
            site.PostAsync("/api/book", BookingSite.Form("phone", start, second)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.Status).Order());
        var loser = answers.Single(a => a.Status == HttpStatusCode.Conflict).Html;
        Assert.Contains("that time is no longer free: someone else booked it first", loser, StringComparison.Ordinal);
        Assert.NotEmpty(BookingSite.Times(loser));
        Assert.DoesNotContain(start, BookingSite.Times(loser));

        // Only the winner hears of it.
        var mails = (await site.MailsToAsync(first)).Concat(await site.MailsToAsync(second)).Where(m => m["subject"]!.GetValue<string>().StartsWith("Booked:", StringComparison.Ordinal));
        Assert.Single(mails);
        Assert.DoesNotContain(start, BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London")));
    }

    [Fact]
    public async Task A_reschedule_link_moves_the_session_once_and_the_invitation_keeps_its_uid()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("mover");
        var times = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London"));
        Assert.Equal(HttpStatusCode.OK, (await site.PostAsync("/api/book", BookingSite.Form("phone", times[0], email))).Status);
        var confirmation = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Booked:", StringComparison.Ordinal));
        var link = BookingSite.Link(confirmation, "Move it to another time");

        var page = await site.PageAsync(link[link.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Contains("<h1>Move your session</h1>", page, StringComparison.Ordinal);
        var later = BookingSite.Times(page).First(t => t > times[0].AddHours(2));
        var token = BookingSite.Token(link, "reschedule");

        var (status, html) = await site.PostAsync("/api/book", new Dictionary<string, string> { ["kind"] = "phone", ["start"] = later.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["tz"] = "Europe/London", ["reschedule"] = token });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Moved</h1>", html, StringComparison.Ordinal);

        var moved = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Moved:", StringComparison.Ordinal));
        var before = BookingSite.Invitation(confirmation).Events.Single();
        var after = BookingSite.Invitation(moved).Events.Single();
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence);
        Assert.Equal(later.UtcDateTime, after.DtStart!.AsUtc);

        // The old time is free again, and the link is used up.
        Assert.Contains(times[0], BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London")));
        var again = await site.Host.CreateClient().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already moved or cancelled", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_link_asks_first_then_cancels_once_and_frees_the_time()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("canceller");
        var start = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Australia/Sydney"))[0];
        Assert.Equal(HttpStatusCode.OK, (await site.PostAsync("/api/book", BookingSite.Form("phone", start, email, "Australia/Sydney"))).Status);
        var link = BookingSite.Link(Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Booked:", StringComparison.Ordinal)), "Cancel it");

        // Opening the link (as a mail scanner would) cancels nothing.
        var question = await site.Host.CreateClient().GetStringAsync(link);
        Assert.Contains("<h1>Cancel your session</h1>", question, StringComparison.Ordinal);
        Assert.DoesNotContain(start, BookingSite.Times(await site.PageAsync("?kind=phone")));

        var token = BookingSite.Token(link, "cancel");
        var (status, html) = await site.PostAsync("/api/book/cancel", new Dictionary<string, string> { ["cancel"] = token });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>Cancelled</h1>", html, StringComparison.Ordinal);
        Assert.Contains(start, BookingSite.Times(await site.PageAsync("?kind=phone")));

        var cancelled = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Cancelled:", StringComparison.Ordinal));
        var invite = BookingSite.Invitation(cancelled);
        Assert.Equal("CANCEL", invite.Method);
        Assert.Equal("CANCELLED", invite.Events.Single().Status);

        var twice = await site.PostAsync("/api/book/cancel", new Dictionary<string, string> { ["cancel"] = token });
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Contains("already moved or cancelled", twice.Html, StringComparison.Ordinal);

        // A cancel token is not a reschedule token.
        var swapped = await site.Host.CreateClient().GetAsync("/api/book?reschedule=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.BadRequest, swapped.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_page_with_the_next_free_times_and_a_ticket_link_books_on_that_ticket()
    {
        await using var site = await BookingSite.StartAsync();
        var times = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London"));

        var past = await site.PostAsync("/api/book", BookingSite.Form("phone", BookingSite.Monday.AddHours(-1), Api.UniqueEmail("late")));
        Assert.Equal(HttpStatusCode.Conflict, past.Status);
        Assert.Contains("That time has passed.", past.Html, StringComparison.Ordinal);
        Assert.Equal(times[0], BookingSite.Times(past.Html)[0]);

        var badPhone = await site.PostAsync("/api/book", BookingSite.Form("phone", times[0], Api.UniqueEmail("phone"), phone: "12"));
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.Status);
        Assert.Contains("This is not a phone number we can call", badPhone.Html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", badPhone.Html, StringComparison.Ordinal);
        Assert.NotEmpty(BookingSite.Times(badPhone.Html));

        var garbage = await site.PostAsync("/api/book", new Dictionary<string, string> { ["start"] = "not a time", ["kind"] = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);

        // A ticket's link: the session goes on that ticket, with its owner when free.
        var customer = Api.UniqueEmail("ticketed");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(site.Host.CreateClient(), Api.Form(customer)));
        var assigned = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assigned");
        var mail = site.Host.Services.GetRequiredService<IOptions<MailOptions>>().Value;
        var token = BookingTokens.Issue(mail, BookingPurpose.Ticket, reference, BookingSite.Monday.AddDays(30));
        var page = await site.PageAsync("?kind=phone&tz=Europe/London&ticket=" + Uri.EscapeDataString(token));
        var owner = RosterSamples().Find(assigned["assignee"]!.GetValue<string>())!;
        var options = new BookingOptions();
        var theirs = FreeSlots.ForPerson(options.Kind("phone")!, owner, Support.Core.Calendars.RegionPolicy.LoadEmbedded(), [], options, BookingSite.Monday).First().Slot.Start;
        Assert.Contains(theirs, BookingSite.Times(page));
        var form = BookingSite.Form("phone", theirs, customer);
        form["ticket"] = token;

        var (status, html) = await site.PostAsync("/api/book", form);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(reference, html, StringComparison.Ordinal);
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, BookingDesk.SessionBooked);
        var booked = ticket["timeline"]!.AsArray().Select(e => e!.AsObject()).Single(e => e["type"]!.GetValue<string>() == BookingDesk.SessionBooked);
        Assert.True(assigned["assignee"]!.GetValue<string>() == booked["details"]!["with"]!.GetValue<string>(), $"{assigned["assignee"]} {theirs:O} {booked}");
    }

    [Fact]
    public async Task Reminders_go_to_both_sides_a_day_and_an_hour_before_once_however_often_the_timer_runs()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("remind");
        var start = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London")).First(t => t > BookingSite.Monday.AddDays(2));
        Assert.Equal(HttpStatusCode.OK, (await site.PostAsync("/api/book", BookingSite.Form("phone", start, email))).Status);
        var job = site.Host.Services.GetServices<Support.Core.Scheduling.IScheduledJob>().Single(j => j.Name == "BookingReminders");

        async Task RunTwiceAtOnceAndAgainAsync()
        {
            await Task.WhenAll(job.RunAsync(false, CancellationToken.None), job.RunAsync(false, CancellationToken.None));
            await job.RunAsync(true, CancellationToken.None);
        }

        await RunTwiceAtOnceAndAgainAsync();
        Assert.DoesNotContain(await site.AllMailsAsync(), m => m["subject"]!.GetValue<string>().StartsWith("Tomorrow:", StringComparison.Ordinal));

        site.Time.SetUtcNow(start.AddHours(-23));
        await RunTwiceAtOnceAndAgainAsync();
        site.Time.SetUtcNow(start.AddMinutes(-50));
        await RunTwiceAtOnceAndAgainAsync();
        site.Time.SetUtcNow(start.AddMinutes(-10));
        await RunTwiceAtOnceAndAgainAsync();

        var all = await site.AllMailsAsync();
        foreach (var prefix in new[] { "Tomorrow:", "In an hour:" })
        {
            var mails = all.Where(m => m["subject"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.Equal(2, mails.Count);
            Assert.Single(mails, m => m["to"]![0]!.GetValue<string>() == email);
            Assert.Single(mails, m => m["to"]![0]!.GetValue<string>() == "amira.okafor@example.com");
        }

        var staffReminder = all.Single(m => m["subject"]!.GetValue<string>().StartsWith("In an hour:", StringComparison.Ordinal) && m["to"]![0]!.GetValue<string>() != email);
        Assert.Contains("Number to call: +442079460958", staffReminder["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_todays_sessions_in_both_zones_and_mark_a_no_show_once_it_has_started()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("today");
        var start = BookingSite.Times(await site.PageAsync("?kind=phone&tz=America/New_York"))[0];
        var (_, html) = await site.PostAsync("/api/book", BookingSite.Form("phone", start, email, "America/New_York"));
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;

        await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assigned");
        var amira = await site.Host.CreateSignedInClientAsync("amira");
        var today = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(amira, "/api/bookings/today");
        var session = Assert.Single(today!["sessions"]!.AsArray())!.AsObject();
        Assert.Equal("Monday 1 March 2027, 13:00–13:30 (Europe/London)", session["staffTime"]!.GetValue<string>());
        Assert.Equal("Monday 1 March 2027, 08:00–08:30 (America/New_York)", session["customerTime"]!.GetValue<string>());
        Assert.Equal("+442079460958", session["customerPhone"]!.GetValue<string>());
        var id = session["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Conflict, (await amira.PostAsync($"/api/bookings/{id}/no-show", null)).StatusCode);
        site.Time.SetUtcNow(start.AddMinutes(10));
        var marked = await amira.PostAsync($"/api/bookings/{id}/no-show", null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Contains("\"status\":\"no-show\"", await marked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, BookingDesk.SessionNoShow);
    }

    [Fact]
    public async Task Staff_move_a_session_to_a_colleague_the_customer_gets_the_new_invitation_and_links_and_the_old_giver_a_cancellation()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("moved");
        var start = BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London"))[0];
        var (_, html) = await site.PostAsync("/api/book", BookingSite.Form("phone", start, email));
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;
        var confirmation = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Booked:", StringComparison.Ordinal));
        await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assigned");

        var amira = await site.Host.CreateSignedInClientAsync("amira");
        var today = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(amira, "/api/bookings/today");
        var id = Assert.Single(today!["sessions"]!.AsArray())!["id"]!.GetValue<string>();

        // The free times come from the same computation as the page's, Amira's first; Maria (Los Angeles) has the evening.
        var free = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(amira, $"/api/bookings/{id}/free"))!["slots"]!.AsArray().Select(x => x!.AsObject()).ToList();
        Assert.Equal("amira", free[0]["personId"]!.GetValue<string>());
        var evening = free.First(x => x["personId"]!.GetValue<string>() == "maria");
        Assert.EndsWith("(Europe/London) with Maria Delgado", evening["time"]!.GetValue<string>(), StringComparison.Ordinal);
        var to = evening["start"]!.GetValue<DateTimeOffset>();

        var moved = await amira.PostAsync($"/api/bookings/{id}/reschedule", System.Net.Http.Json.JsonContent.Create(new { start = to }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var session = (await moved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual(id, session["id"]!.GetValue<string>());
        Assert.Equal(to, session["start"]!.GetValue<DateTimeOffset>());

        // The customer: the same event, later in sequence, at the new time, with links that name the new booking.
        var customerMail = Assert.Single(await site.MailsToAsync(email), m => m["subject"]!.GetValue<string>().StartsWith("Moved:", StringComparison.Ordinal));
        var before = BookingSite.Invitation(confirmation).Events.Single();
        var after = BookingSite.Invitation(customerMail).Events.Single();
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence);
        Assert.Equal(to.UtcDateTime, after.DtStart!.AsUtc);
        Assert.Contains("Cancel your session", await site.Host.CreateClient().GetStringAsync(BookingSite.Link(customerMail, "Cancel it")), StringComparison.Ordinal);
        var stale = await site.Host.CreateClient().GetAsync(BookingSite.Link(confirmation, "Cancel it"));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);

        // Amira's calendar drops it (CANCEL, same UID); Maria's gains it.
        var cancelled = Assert.Single(await site.MailsToAsync("amira.okafor@example.com"), m => m["subject"]!.GetValue<string>().StartsWith("Cancelled:", StringComparison.Ordinal));
        var dropped = BookingSite.Invitation(cancelled);
        Assert.Equal("CANCEL", dropped.Method);
        Assert.Equal(before.Uid, dropped.Events.Single().Uid);
        Assert.Contains("moved to a colleague", cancelled["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var gained = Assert.Single(await site.MailsToAsync("maria.delgado@example.com"), m => m["subject"]!.GetValue<string>().StartsWith("Moved:", StringComparison.Ordinal));
        Assert.Equal("REQUEST", BookingSite.Invitation(gained).Method);
        Assert.Equal(to.UtcDateTime, BookingSite.Invitation(gained).Events.Single().DtStart!.AsUtc);

        // The ticket says who moved it; the old time is free again, and the old session cannot be moved twice.
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, BookingDesk.SessionMoved);
        Assert.Equal("amira", ticket["timeline"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == BookingDesk.SessionMoved)!["actor"]!.GetValue<string>());
        Assert.Contains(start, BookingSite.Times(await site.PageAsync("?kind=phone&tz=Europe/London")));
        var again = await amira.PostAsync($"/api/bookings/{id}/reschedule", System.Net.Http.Json.JsonContent.Create(new { start }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_acknowledgement_of_a_ticket_that_needs_a_call_links_to_booking_on_it_with_its_assignee()
    {
        await using var site = await BookingSite.StartAsync();
        var customer = Api.UniqueEmail("outage");
        var text = "Our production site is down for everyone: every page answers HTTP 500 since 09:00.\nSteps: 1. open the dashboard 2. click Export 3. error 0x80070005 appears.";
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(site.Host.CreateClient(), Api.Form(customer, "Production is down", text)));
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "acknowledged");
        Assert.Equal("technical", ticket["category"]!.GetValue<string>());
        var assignee = ticket["assignee"]!.GetValue<string>();

        var acknowledgement = Assert.Single(await site.MailsToAsync(customer));
        var link = BookingSite.Link(acknowledgement, "Book a call");
        Assert.Contains(link, acknowledgement["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var page = await site.PageAsync(link[link.IndexOf('?', StringComparison.Ordinal)..] + "&tz=Europe/London");
        var owner = RosterSamples().Find(assignee)!;
        var options = new BookingOptions();
        var theirs = FreeSlots.ForPerson(options.Kind("phone")!, owner, Support.Core.Calendars.RegionPolicy.LoadEmbedded(), [], options, BookingSite.Monday).First().Slot.Start;
        Assert.Contains(theirs, BookingSite.Times(page));

        var form = BookingSite.Form("phone", theirs, customer);
        form["ticket"] = BookingSite.Token(link, "ticket");
        var (status, html) = await site.PostAsync("/api/book", form);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(reference, html, StringComparison.Ordinal);
        var booked = (await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, BookingDesk.SessionBooked))["timeline"]!.AsArray()
            .Single(e => e!["type"]!.GetValue<string>() == BookingDesk.SessionBooked)!;
        Assert.Equal(assignee, booked["details"]!["with"]!.GetValue<string>());

        // The console hands out the same kind of link for any open ticket.
        var console = await site.Host.CreateSignedInClientAsync("amira");
        var handed = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(console, $"/api/tickets/{reference}/booking-link");
        Assert.Contains("/api/book?kind=phone&ticket=", handed!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_that_opens_a_ticket_sends_the_customer_one_mail_its_confirmation()
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("once");
        var start = BookingSite.Times(await site.PageAsync("?kind=onboarding&tz=Europe/London"))[0];
        var (_, html) = await site.PostAsync("/api/book", BookingSite.Form("onboarding", start, email));
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;

        // The ticket's acknowledgement is settled as not sent, with why; the assignee is still told.
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, Support.Core.Domain.TimelineEventTypes.MailSuppressed);
        await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assignee-notified");
        Assert.Contains(ticket["timeline"]!.AsArray(), e => e!.ToJsonString().Contains("the booking confirmation is the acknowledgement", StringComparison.Ordinal));
        var mail = Assert.Single(await site.MailsToAsync(email));
        Assert.StartsWith("Booked: Onboarding session", mail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phone", "How do I add a colleague to our account?", "question")]
    [InlineData("phone", "", "question")]
    [InlineData("onboarding", "Setting up the account.", "onboarding")]
    public async Task A_booking_without_a_ticket_opens_one_triaged_on_what_the_customer_wrote_and_owned_by_the_giver(string kind, string note, string category)
    {
        await using var site = await BookingSite.StartAsync();
        var email = Api.UniqueEmail("opens");
        var start = BookingSite.Times(await site.PageAsync($"?kind={kind}&tz=Europe/London"))[0];
        var form = BookingSite.Form(kind, start, email);
        form["note"] = note;
        var (status, html) = await site.PostAsync("/api/book", form);
        Assert.Equal(HttpStatusCode.OK, status);
        var reference = System.Text.RegularExpressions.Regex.Match(html, "id=\"reference\">([^<]+)<").Groups[1].Value;

        // The giver is whoever the session's invitation went to on the staff side.
        var roster = RosterSamples();
        var giver = (await site.AllMailsAsync())
            .Where(m => m["subject"]!.GetValue<string>().StartsWith("Booked: ", StringComparison.Ordinal))
            .Select(m => roster.FindByEmail(m["to"]![0]!.GetValue<string>()))
            .Single(p => p is not null)!;

        // The booking's own words ("Phone support booked … Number to call …") are not read as the customer's: the phone
        // session's ticket is what the note asks, the onboarding session's is onboarding; neither is an emergency.
        var ticket = await Api.TicketWithEventAsync(site.Host.CreateStaffClient(), reference, "assignee-notified");
        Assert.Equal(category, ticket["category"]!.GetValue<string>());
        Assert.Equal("S3", ticket["severity"]!.GetValue<string>());

        // It is the giver's: they know the case from the call, and it counts toward their workload.
        Assert.Equal(giver.Id, ticket["assignee"]!.GetValue<string>());
        var assigned = ticket["timeline"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "assigned")!;
        Assert.Equal($"gives the booked {kind} session", assigned["details"]!["why"]!.GetValue<string>());
        var load = await site.Host.Services.GetRequiredService<Support.Core.Ports.IAssigneeWorkload>().GetAsync([giver.Id], TestContext.Current.CancellationToken);
        Assert.Equal(1, load[giver.Id].ActiveTickets);

        // The customer hears once: the booking's confirmation is the ticket's acknowledgement.
        var mail = Assert.Single(await site.MailsToAsync(email));
        Assert.StartsWith("Booked: ", mail["subject"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static RosterDocument RosterSamples() => Support.Core.Roster.RosterSamples.Load();
}
