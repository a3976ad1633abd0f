using Support.Core.Bookings;
using Support.Core.Mail;
using Xunit;

namespace Support.Tests.Bookings;

public sealed class BookingTokensTests
{
    private static readonly MailOptions Mail = new() { SigningKey = new string('s', 40) };
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_opens_only_its_own_purpose_and_subject_until_it_expires()
    {
        var token = BookingTokens.Issue(Mail, BookingPurpose.Cancel, "20260602-0123456789abcdef", Now.AddDays(1));

        Assert.Equal("20260602-0123456789abcdef", BookingTokens.Check(Mail, BookingPurpose.Cancel, token, Now).Subject);
        Assert.Equal(TokenRefusal.Invalid, BookingTokens.Check(Mail, BookingPurpose.Reschedule, token, Now).Refusal);
        Assert.Equal(TokenRefusal.Expired, BookingTokens.Check(Mail, BookingPurpose.Cancel, token, Now.AddDays(1)).Refusal);

        var otherBooking = "20260602-fedcba9876543210" + token[token.IndexOf('~', StringComparison.Ordinal)..];
        Assert.Equal(TokenRefusal.Invalid, BookingTokens.Check(Mail, BookingPurpose.Cancel, otherBooking, Now).Refusal);

        var later = token.Split('~');
        Assert.Equal(TokenRefusal.Invalid, BookingTokens.Check(Mail, BookingPurpose.Cancel, $"{later[0]}~{Now.AddYears(1).ToUnixTimeSeconds()}~{later[2]}", Now).Refusal);
        Assert.Equal(TokenRefusal.Invalid, BookingTokens.Check(new MailOptions { SigningKey = new string('t', 40) }, BookingPurpose.Cancel, token, Now).Refusal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a~b~c")]
    [InlineData("a~1~c~d")]
    public void Garbage_is_invalid_and_never_throws(string? token) =>
        Assert.Equal(TokenRefusal.Invalid, BookingTokens.Check(Mail, BookingPurpose.Ticket, token, Now).Refusal);
}
