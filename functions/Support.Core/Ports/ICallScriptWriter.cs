using Support.Core.Voice;

namespace Support.Core.Ports;

/// <summary>Writes a call script in the voice provider's markup (TwiML), as the answer to its webhook.</summary>
public interface ICallScriptWriter
{
    string ContentType { get; }

    string Write(CallScript script);
}
