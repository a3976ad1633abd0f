using System.Text;
using Support.Web.Slack;
using Xunit;

namespace Support.Tests.Web;

/// <summary>Slack's v0 request signature, against the worked example of Slack's "Verifying requests from Slack".</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        + "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private static readonly DateTimeOffset Sent = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Slacks_documented_example_is_signed_and_accepted()
    {
        Assert.Equal(Signature, SlackSignature.Sign(Secret, Timestamp, Body));
        Assert.True(SlackSignature.IsValid(Secret, Timestamp, Body, Signature, Sent));
        Assert.True(SlackSignature.IsValid(Secret, Timestamp, Body, Signature, Sent.AddMinutes(4)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_request_more_than_five_minutes_from_the_clock_is_refused(int seconds) =>
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Body, Signature, Sent.AddSeconds(seconds)));

    [Fact]
    public void Anything_else_is_refused()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^1] ^= 1;
        Assert.False(SlackSignature.IsValid("another-secret", Timestamp, Body, Signature, Sent), "another secret");
        Assert.False(SlackSignature.IsValid(string.Empty, Timestamp, Body, Signature, Sent), "no secret configured");
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, tampered, Signature, Sent), "a body changed by one bit");
        Assert.False(SlackSignature.IsValid(Secret, "1531420619", Body, Signature, Sent), "another timestamp");
        Assert.False(SlackSignature.IsValid(Secret, null, Body, Signature, Sent), "no timestamp");
        Assert.False(SlackSignature.IsValid(Secret, "-1531420618", Body, Signature, Sent), "a signed timestamp");
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Body, null, Sent), "no signature");
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Body, "v1=" + Signature[3..], Sent), "another version");
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Body, "v0=" + new string('z', 64), Sent), "not hex");
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Body, Signature[..^2], Sent), "too short");
    }
}
