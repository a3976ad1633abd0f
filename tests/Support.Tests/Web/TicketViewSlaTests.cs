using System.Text.Json;
using Support.Core.Domain;
using Support.Core.Sla;
using Support.Web;
using Support.Tests.Sla;
using Xunit;

namespace Support.Tests.Web;

public sealed class TicketViewSlaTests
{
    [Fact]
    public async Task The_ticket_shows_each_target_with_its_due_time_and_whether_and_when_it_was_met_or_breached()
    {
        var rig = new SlaRig();
        var reference = await rig.OpenAsync(Severity.S2);
        var openedAt = rig.Time.GetUtcNow();
        rig.Time.AdjustTime(new DateTimeOffset(2025, 6, 5, 8, 31, 0, TimeSpan.Zero));
        await rig.HandleAsync(reference);

        var view = TicketView.From(await rig.GetAsync(reference), withTimeline: false);

        var acknowledgement = view.Sla.Single(t => t.Name == SlaTargets.Acknowledgement);
        Assert.True(acknowledgement.Met);
        Assert.Equal(openedAt, acknowledgement.MetAt);
        Assert.False(acknowledgement.Breached);
        var firstResponse = view.Sla.Single(t => t.Name == SlaTargets.FirstResponse);
        Assert.Equal(new DateTimeOffset(2025, 6, 5, 8, 30, 0, TimeSpan.Zero), firstResponse.Due);
        Assert.False(firstResponse.Met);
        Assert.True(firstResponse.Breached);
        Assert.Equal(rig.Time.GetUtcNow(), firstResponse.BreachedAt);
        Assert.Contains(view.Sla, t => t is { Name: SlaTargets.Resolution, Met: false, Breached: false, Due: not null });

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(view, WebJson.Default.TicketView));
        var first = json.RootElement.GetProperty("sla").EnumerateArray().Single(t => t.GetProperty("name").GetString() == SlaTargets.FirstResponse);
        Assert.True(first.GetProperty("breached").GetBoolean());
        Assert.False(first.GetProperty("met").GetBoolean());
        Assert.Equal(firstResponse.Due, first.GetProperty("due").GetDateTimeOffset());
    }
}
