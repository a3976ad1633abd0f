using Azure.Data.Tables;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Sla;
using Support.Core.Tickets;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>Two staff members and a timer change one ticket at the same moment, each through its own writer and store (as separate instances would).</summary>
public sealed class ConcurrentUpdateTests(AzuriteFixture env)
{
    private const int Rounds = 12;

    [Fact]
    public async Task Two_staff_updates_and_a_timer_on_one_ticket_at_once_lose_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        var email = Api.UniqueEmail("race");
        var reference = TicketReference.Derive("race:" + email, 0);
        var inquiry = new Inquiry
        {
            Id = Guid.NewGuid().ToString("N"),
            Reference = reference,
            Channel = Channel.Web,
            ReceivedAt = now,
            Requester = new Requester("Ada", email, null),
            Subject = "Race",
            Body = "Three writers at once",
            SourceId = "race:" + email,
        };
        var creator = Writer();
        var created = Ticket.Open(inquiry, now);
        created.ApplyTriage(new TriageResult(Category.Technical, Severity.S3, ["test"]), now);
        Assert.True(await creator.TryCreateAsync(created, CancellationToken.None));

        TicketWriter alice = Writer(), bob = Writer(), timer = Writer();
        for (var round = 0; round < Rounds; round++)
        {
            var r = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var start = new SemaphoreSlim(0, 3);
            var writers = new[]
            {
                Task.Run(async () =>
                {
                    await start.WaitAsync();
                    await alice.UpdateAsync(reference, t => t.Ticket.RecordStaffMessage("alice", $"alice-{r}", "note " + r, internalNote: true, moveTo: null, DateTimeOffset.UtcNow), CancellationToken.None);
                }),
                Task.Run(async () =>
                {
                    await start.WaitAsync();
                    await bob.UpdateAsync(reference, t =>
                    {
                        t.Ticket.Assign("bob", "took it in round " + r, "bob", DateTimeOffset.UtcNow);
                        return true;
                    }, CancellationToken.None);
                }),
                Task.Run(async () =>
                {
                    await start.WaitAsync();
                    await timer.UpdateAsync(reference, t =>
                    {
                        t.Ticket.Append(DateTimeOffset.UtcNow, "sla-checked", Actors.System, ("round", r));
                        return true;
                    }, CancellationToken.None);
                }),
            };
            start.Release(3);
            await Task.WhenAll(writers);
        }

        var ticket = (await Store().GetAsync(reference, CancellationToken.None))!;
        var timeline = ticket.Timeline;
        for (var round = 0; round < Rounds; round++)
        {
            var r = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Single(timeline, e => e.Type == TimelineEventTypes.InternalNote && e.Details.GetValueOrDefault("messageId") == $"alice-{r}");
            Assert.Single(timeline, e => e.Type == TimelineEventTypes.Assigned && e.Details.GetValueOrDefault("why") == "took it in round " + r);
            Assert.Single(timeline, e => e.Type == "sla-checked" && e.Details.GetValueOrDefault("round") == r);
        }

        Assert.Equal("bob", ticket.Assignee);
        Assert.Equal(
            [TimelineEventTypes.Received, TimelineEventTypes.Triaged],
            timeline.Select(e => e.Type).Where(t => t is TimelineEventTypes.Received or TimelineEventTypes.Triaged));
        Assert.Equal(2 + (3 * Rounds), timeline.Count);
    }

    private TableTicketStore Store() => new(new TableServiceClient(env.ConnectionString));

    private TicketWriter Writer()
    {
        var service = new TableServiceClient(env.ConnectionString);
        return new TicketWriter(new TableTicketStore(service), SlaEngine.Default, new TableSlaDueIndex(service), new TableWorkloadIndex(service), TimeProvider.System);
    }
}
