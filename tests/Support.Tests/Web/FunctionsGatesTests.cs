using Support.Web;
using Xunit;

namespace Support.Tests.Web;

/// <summary>
/// How each gate maps onto Azure Functions: only SendGrid's webhook is a function key; staff routes are
/// anonymous to the host (it grants the Function level to keys only, never to an Easy Auth sign-in, so a
/// signed-in person would get the host's 401) and checked in the worker, as are Twilio's and the public ones.
/// </summary>
public sealed class FunctionsGatesTests
{
    [Theory]
    [InlineData(Gate.Staff, false)]
    [InlineData(Gate.InboundEmailKey, true)]
    [InlineData(Gate.Public, false)]
    [InlineData(Gate.TwilioSignature, false)]
    public void Only_the_inbound_email_key_is_a_function_key_and_the_rest_are_checked_in_the_worker(Gate gate, bool key)
    {
        Assert.Equal(key, FunctionsGates.NeedsFunctionKey(gate));
        Assert.Equal(!key, FunctionsGates.CheckedInWorker(gate));
    }

    [Fact]
    public void Every_gate_but_DevOnly_has_a_place_in_Azure()
    {
        foreach (var gate in Enum.GetValues<Gate>().Where(g => g != Gate.DevOnly))
        {
            _ = FunctionsGates.NeedsFunctionKey(gate);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => FunctionsGates.NeedsFunctionKey(Gate.DevOnly));
    }

    [Theory]
    [InlineData(Gate.Staff, false)]
    [InlineData(Gate.InboundEmailKey, true)]
    [InlineData(Gate.Public, false)]
    [InlineData(Gate.TwilioSignature, false)]
    public void A_fitting_authorization_level_is_no_problem(Gate gate, bool requiresKey) =>
        Assert.Null(FunctionsGates.Problem("F", gate, requiresKey));

    [Fact]
    public void A_staff_route_behind_a_function_key_is_refused() =>
        // A signed-in person without a key would get the host's 401 before the worker saw the sign-in.
        Assert.Equal("GetTicket is gated Staff, so it must use AuthorizationLevel.Anonymous.", FunctionsGates.Problem("GetTicket", Gate.Staff, requiresFunctionKey: true));

    [Fact]
    public void The_inbound_email_webhook_without_its_function_key_is_refused() =>
        Assert.Equal("InboundEmail is gated InboundEmailKey, so it must use AuthorizationLevel.Function.", FunctionsGates.Problem("InboundEmail", Gate.InboundEmailKey, requiresFunctionKey: false));

    [Fact]
    public void A_Twilio_webhook_behind_a_function_key_is_refused() =>
        // Twilio would get 401 from the host before its signature is ever looked at.
        Assert.Equal("VoiceIncoming is gated TwilioSignature, so it must use AuthorizationLevel.Anonymous.", FunctionsGates.Problem("VoiceIncoming", Gate.TwilioSignature, requiresFunctionKey: true));

    [Fact]
    public void A_function_without_a_gate_is_refused() =>
        Assert.Contains("declares no gate", FunctionsGates.Problem("F", null, requiresFunctionKey: false), StringComparison.Ordinal);

    [Fact]
    public void A_dev_route_is_never_deployed() =>
        Assert.Contains("never deployed", FunctionsGates.Problem("DevMail", Gate.DevOnly, requiresFunctionKey: false), StringComparison.Ordinal);
}
