using Support.Core.Voice;

namespace Support.Core.Ports;

/// <summary>The public URLs the voice provider calls back (and signs), one per <see cref="VoiceHook"/>.</summary>
public interface IVoiceLinks
{
    /// <summary>
    /// The URL of <paramref name="hook"/> carrying <paramref name="region"/> (and <paramref name="person"/>),
    /// which come back as <see cref="VoiceRequest.Region"/> and <see cref="VoiceRequest.Person"/>.
    /// </summary>
    string Url(VoiceHook hook, string region, string? person = null);
}
