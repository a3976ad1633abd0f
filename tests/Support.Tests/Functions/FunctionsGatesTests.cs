using Support.Web;
using Xunit;

namespace Support.Tests.Functions;

/// <summary>How each gate maps onto Azure Functions: key gates are function keys, the rest are checked in the worker.</summary>
public sealed class FunctionsGatesTests
{
    [Theory]
    [InlineData(Gate.StaffKey, true)]
    [InlineData(Gate.InboundEmailKey, true)]
    [InlineData(Gate.Public, false)]
    [InlineData(Gate.TwilioSignature, false)]
    public void Key_gates_need_a_function_key_and_the_rest_are_checked_in_the_worker(Gate gate, bool key)
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
    [InlineData(Gate.StaffKey, true)]
    [InlineData(Gate.InboundEmailKey, true)]
    [InlineData(Gate.Public, false)]
    [InlineData(Gate.TwilioSignature, false)]
    public void A_fitting_authorization_level_is_no_problem(Gate gate, bool requiresKey) =>
        Assert.Null(FunctionsGates.Problem("F", gate, requiresKey));

    [Fact]
    public void A_staff_route_open_to_anyone_is_refused() =>
        Assert.Equal("GetTicket is gated StaffKey, so it must use AuthorizationLevel.Function.", FunctionsGates.Problem("GetTicket", Gate.StaffKey, requiresFunctionKey: false));

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
