using System.Security.Cryptography;
using System.Text;

namespace Support.Core.Mail;

/// <summary>
/// The HMACs (SHA-256, keyed with <see cref="MailOptions.SigningKey"/>) that make our Message-IDs and staff reply
/// addresses unforgeable: anyone can write <c>SUP-7K3Q9F.ack@…</c> into a References header or send to
/// <c>support+SUP-7K3Q9F@…</c>, but only we can add the tag that makes it count.
/// </summary>
public static class MailSigning
{
    /// <summary>80 bits in lower-case hex: short enough for a mailbox's local part, far beyond guessing by mail.</summary>
    private const int TagLength = 20;

    /// <summary>The tag for one of our Message-IDs, over everything left of it (<c>SUP-7K3Q9F.ack</c>).</summary>
    public static string MessageIdTag(MailOptions mail, string idBody) => Tag(mail, "message-id\n" + idBody);

    /// <summary>The tag in a staff member's reply address for one ticket: it says we mailed this person about this ticket.</summary>
    public static string ReplyToken(MailOptions mail, string reference, string personId) =>
        Tag(mail, "staff-reply\n" + reference.ToUpperInvariant() + "\n" + personId);

    /// <summary>Compares in constant time, so a wrong tag says nothing about the right one.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented.ToLowerInvariant()));

    private static string Tag(MailOptions mail, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(mail.SigningKey), Encoding.UTF8.GetBytes(text)))[..TagLength];
}
