using System.Net;
using System.Text;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Core.Mail;

/// <summary>A ticket and the first-response target it is measured against, as listed in staff mail.</summary>
public sealed record TicketDue(Ticket Ticket, SlaDue FirstResponse);

/// <summary>Mail between the team: alerts to the manager and the handoff list at a rotation turnover.</summary>
public sealed class StaffMailComposer(MailComposer mail)
{
    public OutgoingMail ManagerAlert(Ticket ticket, string key, MailAddress manager, IReadOnlyList<string> reasons, SlaDue firstResponse)
    {
        var link = mail.TicketLink(ticket.Reference);
        var assignee = ticket.Assignee ?? "nobody yet";
        var text = new StringBuilder()
            .AppendLine($"{ticket.Reference} needs your attention: {ticket.Subject}")
            .AppendLine();
        foreach (var reason in reasons)
        {
            text.AppendLine($"- {reason}");
        }

        text.AppendLine()
            .AppendLine($"Assigned to: {assignee}")
            .AppendLine($"Category: {WireNames.Of(ticket.Category)}")
            .AppendLine($"Severity: {WireNames.Of(ticket.Severity)}")
            .AppendLine($"Why: {string.Join("; ", ticket.TriageReasons)}")
            .AppendLine($"First response due: {MailComposer.FormatTime(firstResponse.Due)}")
            .AppendLine()
            .AppendLine($"Open the ticket: {link}");
        var html = $"""
            <p><strong>{Html(ticket.Reference)}</strong> needs your attention: {Html(ticket.Subject)}</p>
            <ul>{string.Concat(reasons.Select(r => $"<li>{Html(r)}</li>"))}</ul>
            <ul>
            <li>Assigned to: {Html(assignee)}</li>
            <li>Category: {Html(WireNames.Of(ticket.Category))}</li>
            <li>Severity: {Html(WireNames.Of(ticket.Severity))}</li>
            <li>Why: {Html(string.Join("; ", ticket.TriageReasons))}</li>
            <li>First response due: {Html(MailComposer.FormatTime(firstResponse.Due))}</li>
            </ul>
            <p><a href="{Html(link)}">Open the ticket</a></p>
            """;
        return mail.Build(ticket, key, [manager],
            $"[{ticket.Reference}] Needs your attention ({WireNames.Of(ticket.Severity)} {WireNames.Of(ticket.Category)}): {ticket.Subject}",
            text.ToString(), html,
            new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" });
    }

    /// <summary>The one mail an incoming on-duty person gets, listing the tickets handed to them.</summary>
    public OutgoingMail Handoff(string key, MailAddress incoming, SupportRole role, string outgoingName, IReadOnlyList<TicketDue> tickets)
    {
        var roleName = WireNames.Of(role);
        var text = new StringBuilder()
            .AppendLine($"You are now on duty for {roleName}. {outgoingName} handed over {tickets.Count} ticket(s) waiting on us:")
            .AppendLine();
        foreach (var (ticket, due) in tickets)
        {
            text.AppendLine($"- {ticket.Reference} [{WireNames.Of(ticket.Severity)}] {ticket.Subject} (first response due {MailComposer.FormatTime(due.Due)}) {mail.TicketLink(ticket.Reference)}");
        }

        var rows = string.Concat(tickets.Select(t => $"""
            <tr><td><a href="{Html(mail.TicketLink(t.Ticket.Reference))}">{Html(t.Ticket.Reference)}</a></td><td>{Html(t.Ticket.Subject)}</td><td>{Html(WireNames.Of(t.Ticket.Severity))}</td><td>{Html(MailComposer.FormatTime(t.FirstResponse.Due))}</td></tr>
            """));
        var html = $"""
            <p>You are now on duty for {Html(roleName)}. {Html(outgoingName)} handed over {tickets.Count} ticket(s) waiting on us:</p>
            <table>
            <tr><th>Reference</th><th>Subject</th><th>Severity</th><th>First response due</th></tr>
            {rows}
            </table>
            """;
        var messageId = mail.MessageIdFor("handoff", key);
        return new OutgoingMail
        {
            From = mail.From,
            To = [incoming],
            Subject = MailHeaders.Clean($"Handoff: {tickets.Count} {roleName} ticket(s) from {outgoingName} are now yours"),
            Text = text.ToString(),
            Html = html,
            MessageId = messageId,
            Headers = new Dictionary<string, string>
            {
                ["Message-ID"] = $"<{messageId}>",
                ["Auto-Submitted"] = "auto-generated",
            },
        };
    }

    private static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
