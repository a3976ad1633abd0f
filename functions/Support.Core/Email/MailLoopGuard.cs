using Microsoft.Extensions.Options;
using Support.Core.Mail;

namespace Support.Core.Email;

public enum MailKind
{
    /// <summary>Written by a person: may be acknowledged and may reopen a ticket.</summary>
    Person,
    AutoReply,
    Bulk,
    Bounce,

    /// <summary>From an address nobody reads (noreply, mailer-daemon, postmaster).</summary>
    AutomatedSender,

    /// <summary>Carries one of our own Message-IDs as its own: our mail came back to us.</summary>
    OwnMail,
}

public sealed record LoopVerdict(MailKind Kind, string Reason)
{
    public static LoopVerdict Person { get; } = new(MailKind.Person, "written by a person");

    /// <summary>Automatic mail never gets an acknowledgement, or we would answer a robot that answers us.</summary>
    public bool MayAcknowledge => Kind == MailKind.Person;

    /// <summary>Automatic mail never reopens a ticket: an out-of-office must not undo "solved".</summary>
    public bool MayReopen => Kind == MailKind.Person;
}

/// <summary>
/// Tells mail written by a person from automatic mail (auto-replies, lists, bounces, our own mail
/// echoed back), so that two robots can never keep answering each other through us.
/// </summary>
public sealed class MailLoopGuard(IOptions<MailOptions> options)
{
    private static readonly string[] AutomatedLocalParts =
        ["mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply"];

    private readonly string _ownDomain = options.Value.MessageIdDomain;

    public LoopVerdict Classify(ParsedEmail email)
    {
        var headers = email.LoopHeaders;
        if (IsOwnMessageId(email.MessageId))
        {
            return new LoopVerdict(MailKind.OwnMail, "its Message-ID is one of ours");
        }

        if (email.Bounce is not null
            || (string.Equals(headers.ContentType, "multipart/report", StringComparison.OrdinalIgnoreCase)
                && string.Equals(headers.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase)))
        {
            return new LoopVerdict(MailKind.Bounce, "delivery status notification");
        }

        if (headers.AutoSubmitted is { } autoSubmitted && !string.Equals(First(autoSubmitted), "no", StringComparison.OrdinalIgnoreCase))
        {
            return new LoopVerdict(MailKind.AutoReply, $"Auto-Submitted: {First(autoSubmitted)}");
        }

        if (headers.XAutoreply || headers.XAutorespond)
        {
            return new LoopVerdict(MailKind.AutoReply, headers.XAutoreply ? "X-Autoreply" : "X-Autorespond");
        }

        var precedence = headers.Precedence?.Trim().ToLowerInvariant();
        switch (precedence)
        {
            case "auto_reply":
                return new LoopVerdict(MailKind.AutoReply, "Precedence: auto_reply");
            case "bulk" or "junk" or "list":
                return new LoopVerdict(MailKind.Bulk, $"Precedence: {precedence}");
        }

        if (IsAutomatedSender(email.From.Email))
        {
            return new LoopVerdict(MailKind.AutomatedSender, $"sender {LocalPart(email.From.Email)}@…");
        }

        return LoopVerdict.Person;
    }

    /// <summary>Whether a Message-ID (without brackets) was made by us.</summary>
    public bool IsOwnMessageId(string? messageId) =>
        messageId is not null && messageId.EndsWith("@" + _ownDomain, StringComparison.OrdinalIgnoreCase);

    public static bool IsAutomatedSender(string email) =>
        AutomatedLocalParts.Contains(LocalPart(email).Split('+')[0], StringComparer.OrdinalIgnoreCase);

    private static string LocalPart(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? email : email[..at];
    }

    // "auto-replied; owner-email=…" carries an address: the reason names only the keyword.
    private static string First(string value) => value.Split(';')[0].Trim();
}

/// <summary>
/// No address gets more than <see cref="MaxPerWindow"/> acknowledgements per <see cref="Window"/>, counted in
/// fixed windows (clock hours by default): the last line of defence against a loop with an auto-responder the
/// guard did not recognise. Fixed rather than sliding, so the count is numbered slots the store can claim with
/// one insert each; an address can get its cap at the end of one window and again at the start of the next.
/// </summary>
public sealed record AcknowledgementRateLimit(int MaxPerWindow, TimeSpan Window)
{
    public static AcknowledgementRateLimit Default { get; } = new(3, TimeSpan.FromHours(1));

    /// <summary>The start of the window that holds <paramref name="now"/>.</summary>
    public DateTimeOffset WindowOf(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);
}
