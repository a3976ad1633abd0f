using System.Text.Json;
using Support.Core.Contracts;

namespace Support.Core.Roster;

/// <summary>The demo roster a fresh installation starts with (embedded from roster.sample.json).</summary>
public static class RosterSamples
{
    public static RosterDocument Load()
    {
        using var stream = typeof(RosterSamples).Assembly.GetManifestResourceStream("Support.Core.Roster.roster.sample.json")
            ?? throw new InvalidOperationException("The sample roster is not embedded.");
        return JsonSerializer.Deserialize(stream, SupportJson.Default.RosterDocument)
            ?? throw new InvalidOperationException("The sample roster is empty.");
    }
}
