using Support.Core.Domain;
using Xunit;

namespace Support.Tests.Domain;

public sealed class TicketEmailRepliesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 16, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(TicketStatus.Pending, true, TicketStatus.Open)]
    [InlineData(TicketStatus.Solved, true, TicketStatus.Open)]
    [InlineData(TicketStatus.Pending, false, TicketStatus.Pending)]
    [InlineData(TicketStatus.Open, true, TicketStatus.Open)]
    public void Customer_message_reopens_only_when_allowed(TicketStatus start, bool reopen, TicketStatus expected)
    {
        var ticket = TicketIn(start);

        Assert.True(ticket.RecordCustomerMessage("ann@example.com", "m1@example.com", "Still broken", reopen, T0.AddHours(3)));

        Assert.Equal(expected, ticket.Status);
        Assert.Contains(ticket.Timeline, e => e.Type == TimelineEventTypes.CustomerMessage && e.Details["body"] == "Still broken");
    }

    [Fact]
    public void The_same_message_is_recorded_once()
    {
        var ticket = TicketIn(TicketStatus.Pending);
        ticket.RecordCustomerMessage("ann@example.com", "m1@example.com", "Still broken", reopen: true, T0.AddHours(3));

        Assert.False(ticket.RecordCustomerMessage("ann@example.com", "m1@example.com", "Still broken", reopen: true, T0.AddHours(4)));
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.CustomerMessage);
    }

    [Fact]
    public void Staff_reply_moves_to_pending_and_a_note_changes_nothing()
    {
        var ticket = TicketIn(TicketStatus.Open);

        ticket.RecordStaffMessage("lee", "s1@example.com", "Try 2.3", internalNote: false, TicketStatus.Pending, T0.AddHours(3));
        Assert.Equal(TicketStatus.Pending, ticket.Status);

        ticket.RecordStaffMessage("lee", "s2@example.com", "Called her", internalNote: true, null, T0.AddHours(4));
        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.Equal("lee", ticket.Timeline[^1].Actor);
        Assert.Equal(TimelineEventTypes.InternalNote, ticket.Timeline[^1].Type);
    }

    [Fact]
    public void Staff_reply_on_a_closed_ticket_leaves_it_closed()
    {
        var ticket = TicketIn(TicketStatus.Closed);

        Assert.True(ticket.RecordStaffMessage("lee", "s1@example.com", "FYI", internalNote: false, TicketStatus.Pending, T0.AddHours(5)));
        Assert.Equal(TicketStatus.Closed, ticket.Status);
    }

    [Fact]
    public void Bounce_is_recorded_once_and_solved_time_is_known()
    {
        var ticket = TicketIn(TicketStatus.Solved);

        Assert.True(ticket.RecordBounce("gone@example.net", "5.1.1", "550 User unknown", "b1@mx.example.net", T0.AddHours(3)));
        Assert.False(ticket.RecordBounce("gone@example.net", "5.1.1", "550 User unknown", "b1@mx.example.net", T0.AddHours(3)));
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.Bounced);
        Assert.Equal(T0.AddHours(1), ticket.LastMovedTo(TicketStatus.Solved));
        Assert.Null(ticket.LastMovedTo(TicketStatus.Pending));
    }

    [Fact]
    public void Messages_held_before_the_ticket_opened_follow_the_first_in_the_order_sent_each_once()
    {
        var ticket = TicketIn(TicketStatus.New);
        ticket.ApplyTriage(new TriageResult(Category.Technical, Severity.S2, ["printer"]), T0.AddSeconds(5));
        var third = Ticket.CustomerMessage("ann@example.com", "m3", "third", T0.AddSeconds(-10), T0.AddSeconds(1), []);
        var second = Ticket.CustomerMessage("ann@example.com", "m2", "second", T0.AddSeconds(-20), T0.AddSeconds(2), ["carl@example.com"]);
        var sameSecondLaterArrival = Ticket.CustomerMessage("ann@example.com", "m4", "fourth", T0.AddSeconds(-10), T0.AddSeconds(3), []);

        Assert.Equal(3, ticket.AbsorbHeldMessages([third, sameSecondLaterArrival, second, second]));

        Assert.Equal(
            [TimelineEventTypes.Received, TimelineEventTypes.CustomerMessage, TimelineEventTypes.CustomerMessage, TimelineEventTypes.CustomerMessage, TimelineEventTypes.Triaged],
            ticket.Timeline.Select(e => e.Type));
        Assert.Equal(["m2", "m3", "m4"], ticket.Timeline.Where(e => e.Type == TimelineEventTypes.CustomerMessage).Select(e => e.Details["messageId"]));
        Assert.Equal(T0.AddSeconds(-20).ToString("o", System.Globalization.CultureInfo.InvariantCulture), ticket.Timeline[1].Details[Ticket.SentAtDetail]);
        Assert.Equal(["carl@example.com"], ticket.Participants);
        Assert.Equal(0, ticket.AbsorbHeldMessages([second]));
    }

    [Fact]
    public void A_reply_copying_someone_new_makes_them_a_participant_whatever_the_case()
    {
        var ticket = TicketIn(TicketStatus.Pending);

        ticket.RecordCustomerMessage(Ticket.CustomerMessage("ann@example.com", "m1", "Adding Carl", null, T0.AddHours(3), ["carl@example.com"]), reopen: true, T0.AddHours(3));

        Assert.True(ticket.IsOnConversation("Carl@Example.COM"));
        Assert.True(ticket.IsOnConversation("ANN@example.com"));
        Assert.False(ticket.IsOnConversation("carl@example.co"));
    }

    private static Ticket TicketIn(TicketStatus status)
    {
        var ticket = Ticket.Open(new Inquiry
        {
            Id = "i1",
            Reference = "SUP-7K3Q9F",
            Channel = Channel.Email,
            ReceivedAt = T0,
            Requester = new Requester("Ann", "ann@example.com", null),
            Subject = "Printer offline",
            Body = "It is offline",
            SourceId = "email:x",
        }, T0);
        if (status is TicketStatus.Solved or TicketStatus.Closed)
        {
            ticket.MoveTo(TicketStatus.Solved, "lee", T0.AddHours(1));
        }

        if (status != TicketStatus.New && status != TicketStatus.Solved)
        {
            ticket.MoveTo(status, "lee", T0.AddHours(2));
        }

        return ticket;
    }
}
