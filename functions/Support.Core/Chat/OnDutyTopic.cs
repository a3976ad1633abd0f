using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Chat;

/// <summary>
/// The support channel after a rotation handoff: its topic names the first-level and technical people on duty when
/// this runs (so a late or repeated run still names the current ones), and the handoff's summary is posted there once
/// (recorded in <see cref="IChatPosts"/> under the handoff's key).
/// </summary>
public sealed class OnDutyTopic(IRosterStore rosters, IChatPosts posts, ITeamChat chat, IOptions<SlackOptions> options, TimeProvider time)
{
    public async Task HandoffAsync(string key, string summary, CancellationToken cancellationToken)
    {
        var channel = options.Value.SupportChannel;
        var roster = await rosters.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        await chat.SetTopicAsync(channel, ChatBlocks.Topic(OnDuty.For(roster, SupportRole.FirstLevel, now), OnDuty.For(roster, SupportRole.Technical, now)), cancellationToken);

        var record = await posts.GetAsync(key, cancellationToken) ?? new ChatPostRecord(key);
        if (record.Ts is null)
        {
            var posted = await chat.PostAsync(new ChatMessage(channel, summary), cancellationToken);
            await posts.TrySaveAsync(record with { Channel = posted.Channel, Ts = posted.Ts }, cancellationToken);
        }
    }
}
