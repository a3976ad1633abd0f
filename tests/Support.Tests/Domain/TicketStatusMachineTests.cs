using Microsoft.Extensions.Time.Testing;
using Support.Core.Domain;
using Xunit;

namespace Support.Tests.Domain;

public sealed class TicketStatusMachineTests
{
    [Theory]
    [InlineData(TicketStatus.New, TicketStatus.Open)]
    [InlineData(TicketStatus.Open, TicketStatus.Pending)]
    [InlineData(TicketStatus.Pending, TicketStatus.Open)]
    [InlineData(TicketStatus.Pending, TicketStatus.Solved)]
    [InlineData(TicketStatus.Solved, TicketStatus.Open)]
    [InlineData(TicketStatus.Solved, TicketStatus.Closed)]
    public void Allowed_moves_are_recorded_on_the_timeline(TicketStatus from, TicketStatus to)
    {
        var ticket = TicketAt(from);
        var before = ticket.Timeline.Count;

        ticket.MoveTo(to, "amelia", DateTimeOffset.UnixEpoch);

        Assert.Equal(to, ticket.Status);
        var change = ticket.Timeline[^1];
        Assert.Equal(before + 1, ticket.Timeline.Count);
        Assert.Equal(TimelineEventTypes.StatusChanged, change.Type);
        Assert.Equal("amelia", change.Actor);
        Assert.Equal(WireNames.Of(from), change.Details["from"]);
        Assert.Equal(WireNames.Of(to), change.Details["to"]);
    }

    [Theory]
    [InlineData(TicketStatus.Closed, TicketStatus.Open)]
    [InlineData(TicketStatus.Closed, TicketStatus.Pending)]
    [InlineData(TicketStatus.New, TicketStatus.Closed)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed)]
    [InlineData(TicketStatus.Pending, TicketStatus.New)]
    public void Forbidden_moves_throw_and_change_nothing(TicketStatus from, TicketStatus to)
    {
        var ticket = TicketAt(from);
        var events = ticket.Timeline.Count;

        var error = Assert.Throws<InvalidStatusTransitionException>(() => ticket.MoveTo(to, "amelia", DateTimeOffset.UnixEpoch));

        Assert.Equal(from, ticket.Status);
        Assert.Equal(events, ticket.Timeline.Count);
        Assert.Contains(WireNames.Of(to), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_new_and_open_tickets_wait_on_us()
    {
        Assert.True(TicketStatusMachine.IsWaitingOnUs(TicketStatus.New));
        Assert.True(TicketStatusMachine.IsWaitingOnUs(TicketStatus.Open));
        Assert.False(TicketStatusMachine.IsWaitingOnUs(TicketStatus.Pending));
        Assert.False(TicketStatusMachine.IsWaitingOnUs(TicketStatus.Solved));
        Assert.False(TicketStatusMachine.IsWaitingOnUs(TicketStatus.Closed));
    }

    internal static Ticket TicketAt(TicketStatus status)
    {
        var time = new FakeTimeProvider();
        var ticket = Ticket.Open(
            new Inquiry
            {
                Id = "1",
                Reference = "SUP-7K3Q9F",
                Channel = Channel.Web,
                ReceivedAt = time.GetUtcNow(),
                Requester = new Requester("Ada", "ada@example.com", null),
                Subject = "Cannot log in",
                Body = "help",
                SourceId = "test",
            },
            time.GetUtcNow());
        var path = status switch
        {
            TicketStatus.New => [],
            TicketStatus.Open => [TicketStatus.Open],
            TicketStatus.Pending => [TicketStatus.Pending],
            TicketStatus.Solved => [TicketStatus.Solved],
            TicketStatus.Closed => new[] { TicketStatus.Solved, TicketStatus.Closed },
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            ticket.MoveTo(step, "setup", time.GetUtcNow());
        }

        return ticket;
    }
}
