using System.Net;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;
using Support.Core.Ports;
using Support.Core.Privacy;

namespace Support.Adapters.SendGrid;

/// <summary>Sends mail through SendGrid's v3 API with the official client.</summary>
public sealed class SendGridMailSender(ISendGridClient client, ILogger<SendGridMailSender> logger) : IMailSender
{
    public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(mail.From.Email, mail.From.Name),
            Subject = mail.Subject,
            PlainTextContent = mail.Text,
            HtmlContent = mail.Html,
        };

        // SendGrid refuses a personalization that names one address twice.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        message.AddTos([.. mail.To.Where(a => seen.Add(a.Email)).Select(a => new EmailAddress(a.Email, a.Name))]);
        var cc = mail.Cc.Where(a => seen.Add(a.Email)).Select(a => new EmailAddress(a.Email, a.Name)).ToList();
        if (cc.Count > 0)
        {
            message.AddCcs(cc);
        }

        if (mail.ReplyTo is { } replyTo)
        {
            message.ReplyTo = new EmailAddress(replyTo.Email, replyTo.Name);
        }

        // Message-level headers, not per-personalization ones: every recipient's copy carries our Message-ID.
        message.Headers = mail.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);

        foreach (var attachment in mail.Attachments)
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType, "attachment");
        }

        var response = await client.SendEmailAsync(message, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return MailSendResult.Sent;
        }

        var status = (int)response.StatusCode;
        if (status is 429 or >= 500)
        {
            throw new HttpRequestException($"SendGrid answered {status}; the message will be retried.", null, response.StatusCode);
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // A configuration fault (API key): retrying later may succeed once fixed, so keep the message.
            throw new InvalidOperationException($"SendGrid refused the API key ({status}).");
        }

        var reason = await response.Body.ReadAsStringAsync(cancellationToken);
        logger.LogWarning("SendGrid rejected mail {MessageId} to {To}: {Status}", mail.MessageId, Redact.Email(mail.To.Count > 0 ? mail.To[0].Email : null), status);
        return MailSendResult.Rejected($"SendGrid {status}: {Truncate(reason, 300)}");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
