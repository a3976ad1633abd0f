namespace Support.Core.Mail;

/// <summary>Bound from the <c>Mail__*</c> settings.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string FromAddress { get; set; } = "support@example.com";

    public string FromName { get; set; } = "Support";

    public string TeamName { get; set; } = "the support team";

    /// <summary>Replies go to <c>{ReplyLocalPart}+{reference}@{ReplyDomain}</c>, which threads them without relying on the subject.</summary>
    public string ReplyLocalPart { get; set; } = "support";

    public string ReplyDomain { get; set; } = "example.com";

    /// <summary>Right-hand side of our Message-IDs; lets us recognise our own mail coming back.</summary>
    public string MessageIdDomain { get; set; } = "support.example.com";

    /// <summary>
    /// The secret our Message-IDs and staff reply addresses are signed with (<c>Mail__SigningKey</c>, at least 32
    /// characters): only mail that really answers ours threads by header, and only a staff member who got our mail
    /// about a ticket can reply to its customer by mail. Changing it orphans the addresses already handed out.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    public const int MinSigningKeyLength = 32;
}
