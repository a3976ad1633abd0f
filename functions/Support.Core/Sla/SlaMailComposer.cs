using System.Net;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;

namespace Support.Core.Sla;

/// <summary>The staff mails of the SLA sweep: warnings before a target, and the breach and escalation notices.</summary>
public sealed class SlaMailComposer(MailComposer mail)
{
    public OutgoingMail Warning(Ticket ticket, string key, MailAddress to, string target, DateTimeOffset due, string left) =>
        Build(ticket, key, to,
            $"[{ticket.Reference}] {Label(target)} due in {left} ({WireNames.Of(ticket.Severity)}): {ticket.Subject}",
            $"The {Label(target)} target of {ticket.Reference} is due at {MailComposer.FormatTime(due)}, in {left}.");

    public OutgoingMail Breach(Ticket ticket, string key, MailAddress to, string target, DateTimeOffset due, string? escalatedTo) =>
        Build(ticket, key, to,
            $"[{ticket.Reference}] SLA breached: {Label(target)} ({WireNames.Of(ticket.Severity)}): {ticket.Subject}",
            $"The {Label(target)} target of {ticket.Reference} was due at {MailComposer.FormatTime(due)} and has been missed."
            + (escalatedTo is null ? "" : $" The ticket has been escalated to {escalatedTo}."));

    public OutgoingMail Escalated(Ticket ticket, string key, MailAddress to, string target, DateTimeOffset due, string? from) =>
        Build(ticket, key, to,
            $"[{ticket.Reference}] Escalated to you: {Label(target)} breached ({WireNames.Of(ticket.Severity)}): {ticket.Subject}",
            $"{ticket.Reference} missed its {Label(target)} target (due {MailComposer.FormatTime(due)}) while with {from ?? "nobody"}, and is now yours.");

    /// <inheritdoc cref="MailComposer.ForStaff"/>
    public OutgoingMail ForStaff(OutgoingMail built, string reference, string personId) => mail.ForStaff(built, reference, personId);

    private OutgoingMail Build(Ticket ticket, string key, MailAddress to, string subject, string line)
    {
        var link = mail.TicketLink(ticket.Reference);
        var text = $"{line}\n\nSubject: {ticket.Subject}\nStatus: {WireNames.Of(ticket.Status)}\nAssigned to: {ticket.Assignee ?? "nobody"}\n\nOpen the ticket: {link}\n";
        var html = $"<p>{Html(line)}</p><ul><li>Subject: {Html(ticket.Subject)}</li><li>Status: {Html(WireNames.Of(ticket.Status))}</li>"
            + $"<li>Assigned to: {Html(ticket.Assignee ?? "nobody")}</li></ul><p><a href=\"{Html(link)}\">Open the ticket</a></p>";
        return mail.Build(ticket, key, [to], subject, text, html, new Dictionary<string, string> { ["Auto-Submitted"] = "auto-generated" });
    }

    private static string Label(string target) => target.Replace('-', ' ');

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
