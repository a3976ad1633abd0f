using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Support.Core.Mail;

namespace Support.Core.Bookings;

/// <summary>What a booking link lets its holder do: each token is signed for one purpose and is refused for any other.</summary>
public enum BookingPurpose
{
    /// <summary>Cancel one booking.</summary>
    Cancel,

    /// <summary>Move one booking to another slot.</summary>
    Reschedule,

    /// <summary>Book a session on one ticket (its acknowledgement's or the console's link).</summary>
    Ticket,
}

/// <summary>
/// The signed links of bookings (no login): <c>{subject}~{expires}~{tag}</c>, the tag an HMAC-SHA256 keyed with
/// <see cref="MailOptions.SigningKey"/> over the purpose, the subject (a booking id or a ticket reference) and the expiry.
/// A token is single-purpose by its tag and single-use by the booking's state: a cancelled or moved booking takes no more.
/// </summary>
public static class BookingTokens
{
    /// <summary>128 bits in hex.</summary>
    private const int TagLength = 32;

    public static string Issue(MailOptions mail, BookingPurpose purpose, string subject, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{subject}~{seconds}~{Tag(mail, purpose, subject, seconds)}";
    }

    /// <summary>The subject the token was issued for, or why it is refused.</summary>
    public static TokenCheck Check(MailOptions mail, BookingPurpose purpose, string? token, DateTimeOffset now)
    {
        var parts = token?.Split('~') ?? [];
        if (parts.Length != 3 || parts[0].Length is 0 or > 64 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TokenCheck.Refused(TokenRefusal.Invalid);
        }

        if (!MailSigning.Matches(Tag(mail, purpose, parts[0], parts[1]), parts[2]))
        {
            return TokenCheck.Refused(TokenRefusal.Invalid);
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds) <= now ? TokenCheck.Refused(TokenRefusal.Expired) : new TokenCheck(parts[0], null);
    }

    private static string Tag(MailOptions mail, BookingPurpose purpose, string subject, string seconds) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(mail.SigningKey),
            Encoding.UTF8.GetBytes($"booking-{purpose.ToString().ToLowerInvariant()}\n{subject}\n{seconds}")))[..TagLength];
}

public enum TokenRefusal
{
    Invalid,
    Expired,
}

public sealed record TokenCheck(string? Subject, TokenRefusal? Refusal)
{
    public bool IsValid => Refusal is null;

    public static TokenCheck Refused(TokenRefusal why) => new(null, why);
}
