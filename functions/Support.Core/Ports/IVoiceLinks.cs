using Support.Core.Voice;

namespace Support.Core.Ports;

/// <summary>The public URLs the voice provider calls back (and signs), one per <see cref="VoiceHook"/>.</summary>
public interface IVoiceLinks
{
    string Url(VoiceHook hook, params (string Name, string Value)[] query);
}
