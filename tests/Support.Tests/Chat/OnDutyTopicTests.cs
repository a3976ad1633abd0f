using Microsoft.Extensions.DependencyInjection;
using Support.Core.Domain;
using Support.Core.Roster;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Chat;

/// <summary>The support channel's topic names who is on duty, set at each rotation handoff.</summary>
public sealed class OnDutyTopicTests
{
    /// <summary>
    /// Weekly turns at Monday 09:00 London from 17 March 2025: first level ana, then ben; technical tom, then uma. Britain
    /// moves to summer time on Sunday 30 March, so the 31 March handover is at 08:00 UTC where the 24 March one was at 09:00.
    /// </summary>
    private static RosterDocument Team() => new()
    {
        People =
        [
            Person("ana", SupportRole.FirstLevel),
            Person("ben", SupportRole.FirstLevel),
            Person("tom", SupportRole.Technical),
            Person("uma", SupportRole.Technical),
        ],
        Rotations = [Weekly(SupportRole.FirstLevel, "ana", "ben"), Weekly(SupportRole.Technical, "tom", "uma")],
    };

    [Fact]
    public async Task The_topic_follows_a_rotation_change_across_the_switch_to_summer_time()
    {
        var harness = new PipelineHarness(Team(), new DateTimeOffset(2025, 3, 17, 9, 5, 0, TimeSpan.Zero), settings: new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxb-unit",
            ["Slack:SupportChannel"] = "C0SUPPORT",
        });
        var handoff = harness.Services.GetRequiredService<RotationHandoff>();
        var ct = TestContext.Current.CancellationToken;

        // A fresh installation records who is on duty; the first turnover (Monday 24 March, 09:00 GMT = 09:00 UTC) hands over.
        await handoff.RunAsync(ct);
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 24, 9, 1, 0, TimeSpan.Zero));
        await handoff.RunAsync(ct);
        await harness.DrainAsync(times: 2);
        Assert.Equal("On duty: first level Ben (<@U0BEN>) · technical Uma (<@U0UMA>)", harness.Chat.Topics["C0SUPPORT"]);
        Assert.Single(harness.Chat.Posts, p => p.Message.Channel == "C0SUPPORT" && p.Message.Text.StartsWith("Rotation handoff: first level Ana → Ben", StringComparison.Ordinal));

        // After the clocks go forward, 07:59 UTC is 08:59 in London: not yet.
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 31, 7, 59, 0, TimeSpan.Zero));
        Assert.Empty(await handoff.RunAsync(ct));
        await harness.DrainAsync();
        Assert.Equal("On duty: first level Ben (<@U0BEN>) · technical Uma (<@U0UMA>)", harness.Chat.Topics["C0SUPPORT"]);

        // 08:01 UTC is 09:01 in London: the turn is over, an hour earlier in UTC than the week before.
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 31, 8, 1, 0, TimeSpan.Zero));
        Assert.Equal(2, (await handoff.RunAsync(ct)).Count);
        await harness.DrainAsync(times: 2);
        Assert.Equal("On duty: first level Ana (<@U0ANA>) · technical Tom (<@U0TOM>)", harness.Chat.Topics["C0SUPPORT"]);
        Assert.Equal(2, harness.Chat.Posts.Count(p => p.Message.Channel == "C0SUPPORT"));
    }

    private static Person Person(string id, SupportRole role) => new()
    {
        Id = id,
        Name = char.ToUpperInvariant(id[0]) + id[1..],
        Email = $"{id}@example.com",
        Roles = [role],
        TimeZone = "Europe/London",
        SlackUserId = "U0" + id.ToUpperInvariant(),
    };

    private static Rotation Weekly(SupportRole role, params string[] people) => new()
    {
        Role = role,
        Start = new DateTime(2025, 3, 17, 9, 0, 0),
        TimeZone = "Europe/London",
        LengthDays = 7,
        People = people,
    };
}
