namespace Support.Core.Chat;

/// <summary>
/// The team chat (Slack), bound from <c>Slack__*</c>. Everything Slack is off while <see cref="BotToken"/> is unset:
/// nothing is queued, posted or read, and Slack's requests are refused. The bot token and the signing secret are
/// secrets (Key Vault references in Azure), read by the adapter and the request gate only.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The bot user OAuth token (<c>xoxb-…</c>) the Web API is called with.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>The app's signing secret: every request from Slack carries an HMAC of its body keyed with it.</summary>
    public string SigningSecret { get; set; } = string.Empty;

    /// <summary>The Web API's address: Slack's, or the local stand-in.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>The channel id every streamed ticket is posted in (and updated in place); none: nothing is streamed.</summary>
    public string StreamChannel { get; set; } = string.Empty;

    /// <summary>The support channel whose topic names who is on duty, where handoff summaries go.</summary>
    public string SupportChannel { get; set; } = string.Empty;

    /// <summary>Channel ids shared with customers (comma-separated): a top-level message there becomes a ticket.</summary>
    public string SharedChannels { get; set; } = string.Empty;

    /// <summary>The stream events that also go to the on-duty manager by direct message (comma-separated <see cref="ChatEvents"/> names).</summary>
    public string ManagerEvents { get; set; } = $"{ChatEvents.S1},{ChatEvents.SlaBreach}";

    /// <summary>
    /// On once the bot token is there. In Azure an app setting whose Key Vault secret does not exist yet keeps the
    /// reference's own text, which is no token: Slack stays off until the secret is set.
    /// </summary>
    public bool Enabled => BotToken.Length > 0 && !BotToken.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal);

    public bool Streams => Enabled && StreamChannel.Length > 0;

    public bool IsShared(string? channel) =>
        Enabled && channel is { Length: > 0 } && Split(SharedChannels).Contains(channel, StringComparer.Ordinal);

    public bool TellsManager(string chatEvent) => Split(ManagerEvents).Contains(chatEvent, StringComparer.OrdinalIgnoreCase);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>What a ticket's stream message is posted or updated for; the names are the routing settings'.</summary>
public static class ChatEvents
{
    public const string New = "new";
    public const string S1 = "s1";
    public const string SlaWarning = "sla-warning";
    public const string SlaBreach = "sla-breach";
    public const string Escalated = "escalated";
    public const string Assigned = "assigned";
    public const string Solved = "solved";

    /// <summary>The events that post a ticket to the stream when it is not there yet; the rest only update it in place.</summary>
    public static IReadOnlySet<string> Posting { get; } = new HashSet<string>(StringComparer.Ordinal) { New, S1, SlaWarning, SlaBreach, Escalated };
}
