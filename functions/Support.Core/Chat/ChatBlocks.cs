using System.Globalization;
using System.Text.Json.Nodes;
using Support.Core.Domain;
using Support.Core.Engineering;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Chat;

/// <summary>
/// What the chat shows, as Block Kit: a ticket's stream message (reference linking to the console, subject, severity,
/// channel, assignee, due time, its latest news, and the "Take it", "Escalate" and "Open in console" buttons) and the
/// support channel's on-duty topic. Never the customer's address or number: the subject is masked like a GitHub issue's.
/// </summary>
public static class ChatBlocks
{
    public const string TakeAction = "take";
    public const string EscalateAction = "escalate";
    public const string OpenAction = "open";

    public static ChatMessage Stream(string channel, Ticket ticket, RosterDocument roster, string consoleUrl, string? latest)
    {
        var subject = Escape(GitHubIssueText.Mask(ticket.Subject));
        var assignee = roster.Find(ticket.Assignee) is { } person ? Who(person) : ticket.Assignee is null ? "nobody" : Escape(ticket.Assignee);
        var severity = WireNames.Of(ticket.Severity);
        var status = WireNames.Of(ticket.Status);
        var due = ticket.NextSlaDue is { } next && TicketStatusMachine.IsWaitingOnUs(ticket.Status)
            ? $"<!date^{next.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{{date_short_pretty}} {{time}}|{next.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}>"
            : "-";
        var text = $"{ticket.Reference} [{severity}] {GitHubIssueText.Mask(ticket.Subject)} ({status}, {(ticket.Assignee ?? "unassigned")})";

        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = Markdown($"*<{consoleUrl}|{ticket.Reference}>* {(ticket.Severity == Severity.S1 ? ":rotating_light: " : string.Empty)}{subject}"),
            },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray
                {
                    Markdown($"*Status*\n{status}"),
                    Markdown($"*Severity*\n{severity}"),
                    Markdown($"*Channel*\n{WireNames.Of(ticket.Channel)}"),
                    Markdown($"*Assignee*\n{assignee}"),
                    Markdown($"*Due*\n{due}"),
                    Markdown($"*Category*\n{WireNames.Of(ticket.Category)}"),
                },
            },
        };
        if (latest is not null)
        {
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray { Markdown(Escape(latest)) } });
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "ticket:" + ticket.Reference,
            ["elements"] = new JsonArray
            {
                Button("Take it", TakeAction, ticket.Reference, style: "primary"),
                Button("Escalate", EscalateAction, ticket.Reference),
                Button("Open in console", OpenAction, ticket.Reference, url: consoleUrl),
            },
        });
        return new ChatMessage(channel, text, blocks.ToJsonString());
    }

    /// <summary>The line a stream message shows for its latest news.</summary>
    public static string? Latest(Ticket ticket, IReadOnlyList<string> events)
    {
        string? Last(string type) => ticket.Timeline.LastOrDefault(e => e.Type == type) is { } e
            ? string.Join(", ", e.Details.Where(d => d.Key is "target" or "to" or "from" or "assignee" or "why" && d.Value.Length < 200).Select(d => $"{d.Key}: {d.Value}"))
            : null;

        return (events.Count == 0 ? null : events[^1]) switch
        {
            ChatEvents.SlaBreach => $"SLA breached ({Last(Sla.TimerEventTypes.SlaBreached)})",
            ChatEvents.SlaWarning => "SLA target due soon",
            ChatEvents.Escalated => $"Escalated ({Last(Sla.TimerEventTypes.Escalated)})",
            ChatEvents.Solved => "Solved",
            ChatEvents.Assigned => $"Assigned to {ticket.Assignee ?? "nobody"}",
            ChatEvents.S1 => "S1: first response due within the hour",
            ChatEvents.New => "New ticket",
            _ => null,
        };
    }

    /// <summary>The support channel's topic: who is on duty for first level and technical support.</summary>
    public static string Topic(Person? firstLevel, Person? technical) =>
        $"On duty: first level {(firstLevel is null ? "nobody" : Plain(firstLevel))} · technical {(technical is null ? "nobody" : Plain(technical))}";

    /// <summary>The handoff's summary for the support channel: who took over from whom, and how many waiting tickets went with it.</summary>
    public static string HandoffSummary(IReadOnlyList<HandoffOutcome> outcomes, RosterDocument roster) =>
        "Rotation handoff: " + string.Join("; ", outcomes.Select(o =>
            $"{(o.Role == SupportRole.FirstLevel ? "first level" : WireNames.Of(o.Role))} {Name(roster, o.From)} → {(roster.Find(o.To) is { } to ? Plain(to) : o.To)}"
            + $" ({o.Tickets} waiting ticket{(o.Tickets == 1 ? string.Empty : "s")} handed over)"));

    private static string Name(RosterDocument roster, string id) => roster.Find(id)?.Name ?? id;

    /// <summary>A person as a Slack mention when their Slack id is known (it renders their name), else their name.</summary>
    public static string Who(Person person) => person.SlackUserId is { Length: > 0 } id ? $"<@{id}>" : Escape(person.Name);

    private static string Plain(Person person) => person.SlackUserId is { Length: > 0 } id ? $"{person.Name} (<@{id}>)" : person.Name;

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Button(string label, string action, string value, string? style = null, string? url = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
            ["action_id"] = action,
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        if (url is not null)
        {
            button["url"] = url;
        }

        return button;
    }

    /// <summary>Slack's three control characters in text (its "escaping" rules): what a customer wrote cannot become a mention or a link.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
