namespace Support.Web;

/// <summary>
/// How each <see cref="Gate"/> is enforced behind Azure Functions. Only the SendGrid webhook uses a
/// function key (<c>AuthorizationLevel.Function</c>, its own key, checked by the host: SendGrid can
/// only send it as <c>?code=</c>). Staff routes are anonymous to the host and checked in the worker
/// by <see cref="RequestGates"/>: the host grants the Function level to keys only, never to an Easy
/// Auth sign-in (azure-functions-host#11394), so a signed-in person without a key would get the host's
/// 401; and a staff key must be refused in the URL, which the host accepts there.
/// </summary>
public static class FunctionsGates
{
    /// <summary>True when the function must require a function key; false when it must be anonymous.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Gate.DevOnly"/>, which has no place in Azure.</exception>
    public static bool NeedsFunctionKey(Gate gate) => gate switch
    {
        Gate.InboundEmailKey => true,
        Gate.Public or Gate.Staff or Gate.TwilioSignature or Gate.GitHubSignature or Gate.SlackSignature => false,
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
