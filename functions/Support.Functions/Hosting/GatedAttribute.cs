using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// Who may call an HTTP function, declared beside <c>[Function]</c> like <c>.Gated(...)</c> on a
/// route of Support.Local. <see cref="FunctionCatalogue"/> refuses to start without one.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class GatedAttribute(Gate gate) : Attribute
{
    public Gate Gate { get; } = gate;
}
