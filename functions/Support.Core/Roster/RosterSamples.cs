using System.Text.Json;
using Support.Core.Contracts;

namespace Support.Core.Roster;

/// <summary>The sample roster shipped inside the assembly, used to seed a fresh installation.</summary>
public static class RosterSamples
{
    public const string ResourceName = "Support.Core.Roster.roster.sample.json";

    public static RosterDocument Load()
    {
        using var stream = typeof(RosterSamples).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        return JsonSerializer.Deserialize(stream, SupportJson.Default.RosterDocument)
            ?? throw new InvalidOperationException($"{ResourceName} holds no roster.");
    }
}
