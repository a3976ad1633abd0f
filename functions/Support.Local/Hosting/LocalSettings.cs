using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Support.Local.Hosting;

/// <summary>
/// Reads <c>Values</c> from <c>local.settings.json</c>, the same file and names the Functions host
/// uses (<c>__</c> for nesting). On first run the file is created from
/// <c>local.settings.sample.json</c>, with fresh random keys in place of the placeholders so no
/// key is ever shared through the repository.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";
    public const string GeneratedPlaceholder = "<generated on first run>";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string repoRoot)
    {
        var path = Path.Combine(repoRoot, FileName);
        EnsureExists(path, Path.Combine(repoRoot, SampleFileName));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var stream = File.OpenRead(path))
        {
            var root = JsonNode.Parse(stream) as JsonObject
                ?? throw new InvalidOperationException($"{path} is not a JSON object.");
            if (root["Values"] is JsonObject settings)
            {
                foreach (var (key, value) in settings)
                {
                    values[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value?.ToString();
                }
            }
        }

        builder.AddInMemoryCollection(values);

        // Environment variables of the same name win, as they do for the Functions host.
        builder.AddEnvironmentVariables();
        return builder;
    }

    private static void EnsureExists(string path, string samplePath)
    {
        if (File.Exists(path))
        {
            return;
        }

        var sample = File.ReadAllText(samplePath);
        var root = JsonNode.Parse(sample)!.AsObject();
        if (root["Values"] is JsonObject values)
        {
            foreach (var key in values.Select(v => v.Key).ToList())
            {
                if (values[key]?.GetValue<string>() == GeneratedPlaceholder)
                {
                    values[key] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
                }
            }
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: false);
    }
}
