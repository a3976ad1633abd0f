using Support.Core.Bookings;
using Support.Core.Domain;
using Support.Core.Tickets;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Support.Tests.Roster;
using Xunit;

namespace Support.Tests.Bookings;

/// <summary>The ticket a booking opens: triaged on the customer's note alone, filed by its kind, owned by its giver.</summary>
public sealed class SessionTicketsTests
{
    private static readonly DateTimeOffset Now = TestRoster.LondonMorning;
    private static readonly PolicyTriageEngine Rules = new(TriagePolicyLoader.Load(new TriageOptions()));

    private static Inquiry InquiryFor(string kind, string? note, string giver = "ana")
    {
        var booking = new Booking
        {
            Id = "20250604-0123456789abcdef",
            Kind = kind,
            PersonId = giver,
            Start = Now.AddHours(5),
            End = Now.AddHours(5.5),
            CustomerName = "Ada Lovelace",
            CustomerEmail = "ada@example.com",
            CustomerPhone = "+442079460958",
            Note = note,
            CustomerTimeZone = "Europe/London",
            BookedAt = Now,
            Uid = "booking@example.com",
        };
        var submission = SessionTickets.Submission(booking, new BookingOptions().Kind(kind));
        return TestRoster.Inquiry("SUP-BOOK01", Now, submission.Attributes) with { Subject = submission.Subject, Body = submission.Body };
    }

    private static Ticket Triage(Inquiry inquiry) =>
        TicketDecisions.Triaged(inquiry, Rules.Classify(SessionTickets.TriageInputOf(inquiry, inquiry.Body)), Now);

    [Fact]
    public void A_phone_session_is_triaged_on_the_customers_note_not_the_bookings_words()
    {
        var inquiry = InquiryFor("phone", "How do I add a colleague to our account?");

        // Read whole, the booking's own words ("Phone support booked") count as a customer asking for a session.
        var whole = Rules.Classify(new TriageInput(inquiry.Channel, inquiry.Subject, inquiry.Body, null, null, inquiry.Attributes));
        Assert.Contains(whole.Reasons, r => r.Contains("book-session", StringComparison.Ordinal));
        Assert.Contains("Number to call: +442079460958", inquiry.Body, StringComparison.Ordinal);

        var input = SessionTickets.TriageInputOf(inquiry, inquiry.Body);
        Assert.Equal(string.Empty, input.Subject);
        Assert.Equal("How do I add a colleague to our account?", input.Body);
        Assert.Null(input.DeclaredSeverity);
        var ticket = Triage(inquiry);
        Assert.Equal(Category.Question, ticket.Category);
        Assert.Equal(Severity.S3, ticket.Severity);
        Assert.DoesNotContain(ticket.TriageReasons, r => r.Contains("book-session", StringComparison.Ordinal));
    }

    [Fact]
    public void A_phone_session_whose_note_reports_an_outage_is_triaged_as_one()
    {
        var ticket = Triage(InquiryFor("phone", "Our production site is down for everyone since 09:00, every page answers HTTP 500."));

        Assert.Equal(Category.Technical, ticket.Category);
        Assert.Equal(Severity.S1, ticket.Severity);
    }

    [Fact]
    public void An_onboarding_session_is_filed_under_onboarding_whatever_its_note_reads_as()
    {
        var ticket = Triage(InquiryFor("onboarding", "We get an error when we import our users from a CSV file."));

        Assert.Equal(Category.Onboarding, ticket.Category);
        Assert.StartsWith("category onboarding: a booked onboarding session (the note read as technical)", ticket.TriageReasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_without_a_note_is_planned_work()
    {
        var phone = Triage(InquiryFor("phone", null));
        var onboarding = Triage(InquiryFor("onboarding", null));

        Assert.Equal((Category.Question, Severity.S3), (phone.Category, phone.Severity));
        Assert.Equal((Category.Onboarding, Severity.S3), (onboarding.Category, onboarding.Severity));
        Assert.Contains("severity S3: a booked session is planned work and the customer wrote no note", phone.TriageReasons);
    }

    [Fact]
    public void The_ticket_goes_to_whoever_gives_the_session_while_they_are_on_the_roster()
    {
        var roster = TestRoster.Team();

        var decision = SessionTickets.Giver(Triage(InquiryFor("phone", null, giver: "cat")), roster);

        Assert.Equal("cat", decision!.Person.Id);
        Assert.Equal("gives the booked phone session", decision.Reason);
        Assert.Null(decision.WithinCap);
        Assert.Null(SessionTickets.Giver(Triage(InquiryFor("phone", null, giver: "gone")), roster));
        Assert.Null(SessionTickets.Giver(TestRoster.Ticket(Category.Question, Severity.S3, Now), roster));

        var owned = Triage(InquiryFor("phone", null, giver: "cat"));
        owned.Assign("ben", "by hand", "meg", Now);
        Assert.Null(SessionTickets.Giver(owned, roster));
    }
}
