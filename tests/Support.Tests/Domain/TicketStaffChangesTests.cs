using Support.Core.Domain;
using Xunit;
using static Support.Tests.Domain.TicketMaker;

namespace Support.Tests.Domain;

public sealed class TicketStaffChangesTests
{
    [Fact]
    public void A_correction_changes_the_fields_and_records_each_as_a_corrected_event()
    {
        var ticket = Ticket(severity: Severity.S3);

        var changes = ticket.Correct(Category.Business, Severity.S1, "ana", T0.AddMinutes(5));

        Assert.Equal(Category.Business, ticket.Category);
        Assert.Equal(Severity.S1, ticket.Severity);
        Assert.Equal([new FieldCorrection("category", "technical", "business"), new FieldCorrection("severity", "S3", "S1")], changes);
        var events = ticket.Timeline.Where(e => e.Type == TimelineEventTypes.Corrected).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("ana", e.Actor));
        Assert.Equal("S1", events[1].Details["to"]);
    }

    [Fact]
    public void A_correction_to_the_same_values_records_nothing()
    {
        var ticket = Ticket(severity: Severity.S2);
        var before = ticket.Timeline.Count;

        Assert.Empty(ticket.Correct(Category.Technical, Severity.S2, "ana", T0));
        Assert.Equal(before, ticket.Timeline.Count);
    }

    [Theory]
    [InlineData(TicketStatus.New)]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.Pending)]
    [InlineData(TicketStatus.Solved)]
    public void A_duplicate_is_closed_from_any_open_status_and_says_where_it_went(TicketStatus status)
    {
        var ticket = Ticket();
        if (status != TicketStatus.New)
        {
            ticket.MoveTo(status == TicketStatus.Solved ? TicketStatus.Solved : status, "ana", T0);
        }

        Assert.True(ticket.MergeInto("SUP-AAAAAA", "ana", T0.AddMinutes(1)));

        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal("SUP-AAAAAA", ticket.MergedInto);
        Assert.Equal("merged into SUP-AAAAAA", ticket.Timeline[^1].Details["why"]);
        Assert.Equal(T0.AddMinutes(1), ticket.LastMovedTo(TicketStatus.Closed));
    }

    [Fact]
    public void Merging_again_into_the_same_ticket_is_a_retry_and_changes_nothing()
    {
        var ticket = Ticket();
        ticket.MergeInto("SUP-AAAAAA", "ana", T0);
        var count = ticket.Timeline.Count;

        Assert.False(ticket.MergeInto("SUP-AAAAAA", "ana", T0.AddMinutes(1)));
        Assert.Equal(count, ticket.Timeline.Count);
    }

    [Fact]
    public void A_closed_ticket_cannot_be_merged()
    {
        var ticket = Ticket();
        ticket.MoveTo(TicketStatus.Solved, "ana", T0);
        ticket.MoveTo(TicketStatus.Closed, "ana", T0);

        Assert.Throws<InvalidStatusTransitionException>(() => ticket.MergeInto("SUP-AAAAAA", "ana", T0));
    }

    [Fact]
    public void The_surviving_ticket_records_the_duplicate_once()
    {
        var target = Ticket();

        Assert.True(target.RecordMergedFrom("SUP-BBBBBB", "ana", T0));
        Assert.False(target.RecordMergedFrom("SUP-BBBBBB", "ana", T0));
        Assert.Single(target.Timeline, e => e.Type == TimelineEventTypes.MergedFrom);
    }
}
