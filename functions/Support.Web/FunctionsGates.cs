namespace Support.Web;

/// <summary>
/// How each <see cref="Gate"/> is enforced behind Azure Functions. Key gates become function
/// keys (<c>AuthorizationLevel.Function</c>), checked by the host before the worker sees the
/// request: Azure holds no <c>AdminApiKey</c> or <c>InboundEmailKey</c>. Every other gate is an
/// anonymous function checked in the worker by <see cref="RequestGates"/>.
/// </summary>
public static class FunctionsGates
{
    /// <summary>True when the function must require a function key; false when it must be anonymous.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Gate.DevOnly"/>, which has no place in Azure.</exception>
    public static bool NeedsFunctionKey(Gate gate) => gate switch
    {
        Gate.StaffKey or Gate.InboundEmailKey => true,
        Gate.Public or Gate.TwilioSignature => false,
        _ => throw new ArgumentOutOfRangeException(nameof(gate), gate, "This gate has no place in Azure Functions."),
    };

    /// <summary>True when the worker must run <see cref="RequestGates.CheckAsync"/> before the function.</summary>
    public static bool CheckedInWorker(Gate gate) => !NeedsFunctionKey(gate);

    /// <summary>Null when an HTTP function's authorization level fits its gate; otherwise what is wrong with it.</summary>
    public static string? Problem(string function, Gate? gate, bool requiresFunctionKey)
    {
        if (gate is not { } declared)
        {
            return $"{function} declares no gate: add [Gated(Gate.…)] beside [Function].";
        }

        if (declared == Gate.DevOnly)
        {
            return $"{function} is gated {declared}: development routes are never deployed.";
        }

        var needed = NeedsFunctionKey(declared);
        return needed == requiresFunctionKey
            ? null
            : $"{function} is gated {declared}, so it must use AuthorizationLevel.{(needed ? "Function" : "Anonymous")}.";
    }
}
