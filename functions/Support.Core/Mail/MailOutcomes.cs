using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Mail;

public static class MailOutcomes
{
    /// <summary>
    /// Records once what became of mail <paramref name="key"/>: <paramref name="sentEventType"/> when the
    /// provider took it, <c>mail-suppressed</c> with the provider's reason when it refused it for good.
    /// False when the mail was recorded already (a redelivery or a concurrent run got there first).
    /// </summary>
    public static bool RecordOutcome(this Ticket ticket, string key, string sentEventType, string to, string messageId, MailSendResult result, DateTimeOffset now)
    {
        if (ticket.HasSentMail(key))
        {
            return false;
        }

        var sent = result.Status == MailSendStatus.Sent;
        ticket.RecordMailSent(key, sent ? sentEventType : TimelineEventTypes.MailSuppressed, to, messageId, now, sent ? null : result.Reason);
        return true;
    }
}
