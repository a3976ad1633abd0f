using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Support.Local.Hosting;

/// <summary>
/// Reads <c>Values</c> from <c>local.settings.json</c>, the same file and names the Functions host
/// uses (<c>__</c> for nesting). On first run the file is created from
/// <c>local.settings.sample.json</c>, with fresh random keys in place of the placeholders so no
/// key is ever shared through the repository; a key the sample gained since (<c>Mail__SigningKey</c>)
/// is added to an existing file the same way.
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
        var sample = JsonNode.Parse(File.ReadAllText(samplePath))!.AsObject();
        var exists = File.Exists(path);
        var root = exists ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : sample;
        if (root is null || root["Values"] is not JsonObject values || sample["Values"] is not JsonObject sampleValues)
        {
            // Not ours to mend: reading it reports what is wrong.
            return;
        }

        var changed = !exists;
        foreach (var (key, value) in sampleValues.ToList())
        {
            var generated = value?.GetValue<string>() == GeneratedPlaceholder;
            if (generated && (!exists || !values.ContainsKey(key)))
            {
                values[key] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
                changed = true;
            }
        }

        if (!changed)
        {
            return;
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: exists);
    }
}
