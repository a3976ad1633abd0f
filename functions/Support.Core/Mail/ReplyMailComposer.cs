using System.Net;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Replies;
using Support.Core.Roster;

namespace Support.Core.Mail;

/// <summary>A staff member's reply as the customer receives it: threaded, with the reference in the subject.</summary>
public sealed class ReplyMailComposer(MailComposer composer)
{
    public OutgoingMail Reply(Ticket ticket, string key, string body, Person? author, RosterDocument roster, EmailThread thread)
    {
        var signature = author is null ? null : string.IsNullOrWhiteSpace(author.Signature) ? author.Name : author.Signature.Trim();
        var text = signature is null ? body : $"{body}\n\n{signature}";
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<p>{WebUtility.HtmlEncode(p.Trim()).Replace("\n", "<br>", StringComparison.Ordinal)}</p>");
        var html = string.Join('\n', paragraphs);

        // Staff are never copied by the customer's thread: they read the ticket, and a copy would come back to us as mail.
        var cc = ticket.Participants
            .Where(p => !string.Equals(p, ticket.Requester.Email, StringComparison.OrdinalIgnoreCase) && roster.FindByEmail(p) is null)
            .Select(p => new MailAddress(p))
            .ToList();
        var subject = ticket.Subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? ticket.Subject : "Re: " + ticket.Subject;
        subject = subject.Contains($"[{ticket.Reference}]", StringComparison.Ordinal) ? subject : $"{subject[..3]} [{ticket.Reference}]{subject[3..]}";
        var mail = composer.Build(ticket, key, [new MailAddress(ticket.Requester.Email!, ticket.Requester.Name)], subject, text, html,
            new Dictionary<string, string>().WithThreading(thread.InReplyTo, thread.Earlier));
        return mail with { Cc = cc };
    }
}
