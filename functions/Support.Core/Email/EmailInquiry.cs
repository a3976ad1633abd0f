using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>Turns an inbound mail that starts a ticket into an intake submission.</summary>
public static class EmailInquiry
{
    public const int MaxSubjectLength = 200;
    public const int MaxNameLength = 200;

    /// <summary>Attribute keys on the inquiry; the ticket view and threading read them.</summary>
    public static class Keys
    {
        public const string MessageId = "messageId";
        public const string InReplyTo = "inReplyTo";
        public const string References = "references";
        public const string MailKind = "mailKind";
        public const string AutoReply = "autoReply";
        public const string LinkedTo = "linkedTo";
        public const string FollowUpOf = "followUpOf";
        public const string Attachments = "attachments";
        public const string DroppedAttachments = "droppedAttachments";

        /// <summary>Why the requester gets no acknowledgement (automatic mail, the threading decision); absent when they may.</summary>
        public const string NoAcknowledgement = "noAcknowledgement";

        /// <summary>The blob (container <c>raw-mail</c>) holding the post exactly as SendGrid sent it.</summary>
        public const string RawMail = "rawMail";

        /// <summary>The blob (container <c>bodies</c>) holding the whole text with quoted history, when it is kept apart.</summary>
        public const string FullText = "fullText";

        /// <summary>Blob names (container <c>attachments</c>) of the stored attachments, separated by <c>|</c>.</summary>
        public const string AttachmentBlobs = "attachmentBlobs";

        /// <summary>The stored attachments with their names, content types and sizes (JSON, <see cref="StoredAttachment"/>).</summary>
        public const string AttachmentFiles = "attachmentFiles";

        /// <summary>The blob (container <c>bodies</c>) holding the mail's HTML body as received, unsanitized.</summary>
        public const string Html = "html";

        /// <summary>When the sender says they sent it (the Date header, ISO 8601): the conversation's order when present.</summary>
        public const string SentAt = Ticket.SentAtDetail;

        /// <summary>The mail's To and Cc addresses, comma-separated, as the conversation shows them.</summary>
        public const string To = "to";

        public const string Cc = "cc";
    }

    /// <param name="linkedTo">The ticket a stranger quoted (<see cref="NewTicket.LinkedTo"/>).</param>
    /// <param name="followUpOf">The closed ticket this one follows up (<see cref="FollowUp.Of"/>).</param>
    public static InquirySubmission ToSubmission(ParsedEmail email, LoopVerdict verdict, MailOptions mail, string? linkedTo = null, string? followUpOf = null)
    {
        var answerTo = email.AnswerTo;
        var requesterEmail = answerTo.Email;
        var name = TextNormalizer.SingleLine(answerTo.Name ?? (email.ReplyTo is null ? null : email.From.Name), MaxNameLength);
        var subject = TextNormalizer.SingleLine(email.Subject, MaxSubjectLength);
        var body = TextNormalizer.Body(email.NewText.Length > 0 ? email.NewText : email.Text);

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Keys.MailKind] = verdict.Kind.ToString().ToLowerInvariant(),
            [Keys.AutoReply] = (!verdict.MayAcknowledge).ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
        };
        Add(attributes, Keys.MessageId, email.MessageId);
        Add(attributes, Ticket.SentAtDetail, email.Date?.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        Add(attributes, Keys.InReplyTo, email.InReplyTo);
        // The newest few are all a reply of ours quotes back (MailHeaders.MaxReferences); a crafted mail may carry a million.
        Add(attributes, Keys.References, email.References.Count == 0 ? null : string.Join(' ', email.References.TakeLast(MailHeaders.MaxReferences)));
        foreach (var (key, value) in ConversationDetails(email))
        {
            Add(attributes, key, value);
        }

        Add(attributes, Keys.LinkedTo, linkedTo);
        Add(attributes, Keys.FollowUpOf, followUpOf);
        Add(attributes, Keys.Attachments, email.Attachments.Count == 0 ? null : email.Attachments.Count.ToString(CultureInfo.InvariantCulture));
        Add(attributes, Keys.DroppedAttachments, email.Dropped.Count == 0 ? null : string.Join(", ", email.Dropped.Select(d => d.FileName)));

        return new InquirySubmission
        {
            Channel = Channel.Email,
            Requester = new Requester(name.Length == 0 ? null : name, requesterEmail, null),
            Subject = subject.Length == 0 ? "(no subject)" : subject,
            Body = body,
            DedupeKey = DedupeKey(email),
            Participants = [.. Addresses(email, mail).Where(a => a != requesterEmail)],
            Language = email.ContentLanguage,
            Attributes = attributes,
        };
    }

    /// <summary>
    /// How many addresses of one mail are kept (shown, and taken on as participants), and how many characters they may
    /// add up to: plenty for any real conversation, while a mail addressed to thousands still fits a table property (64 KiB).
    /// </summary>
    public const int MaxAddresses = 200;

    public const int MaxAddressCharacters = 16_000;

    /// <summary>What the conversation shows of a mail beside its text: to whom it went (when it was sent is the message's own <see cref="Ticket.SentAtDetail"/>).</summary>
    public static (string Key, string? Value)[] ConversationDetails(ParsedEmail email) =>
    [
        (Keys.To, AddressList(email.To)),
        (Keys.Cc, AddressList(email.Cc)),
    ];

    private static string? AddressList(IReadOnlyList<MailAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return null;
        }

        var kept = Capped(addresses.Select(a => a.Email)).ToList();
        return string.Join(", ", kept) + (kept.Count < addresses.Count ? string.Create(CultureInfo.InvariantCulture, $" and {addresses.Count - kept.Count} more") : string.Empty);
    }

    /// <summary>The first addresses, up to <see cref="MaxAddresses"/> and <see cref="MaxAddressCharacters"/>.</summary>
    private static IEnumerable<string> Capped(IEnumerable<string> addresses)
    {
        var (count, characters) = (0, 0);
        foreach (var address in addresses)
        {
            count++;
            characters += address.Length + 2;
            if (count > MaxAddresses || characters > MaxAddressCharacters)
            {
                yield break;
            }

            yield return address;
        }
    }

    /// <summary>
    /// SendGrid re-posts a mail it could not deliver to us for up to three days: the Message-ID makes
    /// those one inquiry. Without one, the sender, date, subject and text stand in for it.
    /// </summary>
    public static string DedupeKey(ParsedEmail email)
    {
        if (!string.IsNullOrEmpty(email.MessageId))
        {
            return DedupeKey(email.MessageId);
        }

        var date = email.Date?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;
        var text = $"{email.From.Email}\n{date}\n{email.Subject}\n{email.Text}";
        return "email:content:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Everyone on the mail (From, To, Cc) but our own addresses: who may take part in its conversation.</summary>
    public static IEnumerable<string> Addresses(ParsedEmail email, MailOptions mail) =>
        Capped(email.Recipients).Append(email.From.Email).Where(a => !IsOurs(a, email, mail)).Distinct(StringComparer.Ordinal);

    /// <summary>The key of the mail <paramref name="messageId"/>: its inquiry's reference is derived from it.</summary>
    public static string DedupeKey(string messageId) => "email:" + messageId;

    /// <summary>Our own addresses are never participants: copying them on replies would send our mail to ourselves.</summary>
    private static bool IsOurs(string address, ParsedEmail email, MailOptions mail)
    {
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var domain = at < 0 ? string.Empty : address[(at + 1)..];
        var replyBox = string.Equals(domain, mail.ReplyDomain, StringComparison.OrdinalIgnoreCase)
            && (string.Equals(local, mail.ReplyLocalPart, StringComparison.OrdinalIgnoreCase)
                || local.StartsWith(mail.ReplyLocalPart + "+", StringComparison.OrdinalIgnoreCase));
        return replyBox
            || string.Equals(address, mail.FromAddress, StringComparison.OrdinalIgnoreCase)
            || email.EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase);
    }

    private static void Add(Dictionary<string, string> attributes, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes[key] = value;
        }
    }
}
