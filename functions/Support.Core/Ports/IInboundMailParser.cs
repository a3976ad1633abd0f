using Support.Core.Email;

namespace Support.Core.Ports;

/// <summary>Reads an inbound mail webhook's post into a mail, or says why it cannot be one.</summary>
public interface IInboundMailParser
{
    EmailParseResult Parse(InboundMailPost post);
}

/// <summary>Why a post cannot become a ticket. Each is the sender's problem and the same on every retry: answer 4xx.</summary>
public enum EmailRejection
{
    TooLarge,
    MalformedMime,
    MissingFrom,
    UnparsableFrom,

    /// <summary>Neither the raw <c>email</c> field nor the default-mode fields: not an Inbound Parse post.</summary>
    NotInboundParse,
}

public sealed record EmailParseResult
{
    private EmailParseResult(ParsedEmail? email, EmailRejection? rejection, string? reason)
    {
        Email = email;
        Rejection = rejection;
        Reason = reason;
    }

    public ParsedEmail? Email { get; }

    public EmailRejection? Rejection { get; }

    /// <summary>Why it was rejected, for the log and the 4xx body; never contains the sender's address in full.</summary>
    public string? Reason { get; }

    public bool IsParsed => Email is not null;

    public static EmailParseResult Parsed(ParsedEmail email) => new(email, null, null);

    public static EmailParseResult Rejected(EmailRejection rejection, string reason) => new(null, rejection, reason);
}
