using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Support.Tests.Infra;

/// <summary>
/// The outputs of <c>infra/check</c>: the compiled ARM template and the evaluated snapshot of
/// <c>infra/main.bicepparam</c> (every resource with names, loops and conditions resolved). Reuses
/// <c>artifacts/infra/</c> when it is newer than every input, otherwise runs <c>infra/check</c>, whose
/// failure (a Bicep error or warning, or no Bicep CLI) fails the tests: they never skip.
/// </summary>
internal static class InfraArtifacts
{
    private static readonly Lazy<Loaded> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot => Instance.Value.Root;

    /// <summary>The text of <c>artifacts/infra/main.json</c>.</summary>
    public static string TemplateText => Instance.Value.TemplateText;

    /// <summary>Every resource the template would deploy, nested modules included.</summary>
    public static IReadOnlyList<JsonObject> Resources => Instance.Value.Resources;

    /// <summary>The compiled template (<c>artifacts/infra/main.json</c>).</summary>
    public static JsonObject Template => JsonNode.Parse(Instance.Value.TemplateText)!.AsObject();

    /// <summary>The compiled parameters file (<c>artifacts/infra/main.parameters.json</c>).</summary>
    public static JsonObject Parameters => JsonNode.Parse(File.ReadAllText(Path.Combine(Instance.Value.Root, "artifacts", "infra", "main.parameters.json")))!.AsObject();

    /// <summary>The template outputs, evaluated where the values are known before deployment.</summary>
    public static JsonObject Outputs => Instance.Value.Outputs;

    public static IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public static JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }

    public static JsonNode ReadJson(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, relativePath)))
        ?? throw new InvalidOperationException($"{relativePath} is empty");

    private sealed record Loaded(string Root, string TemplateText, IReadOnlyList<JsonObject> Resources, JsonObject Outputs);

    private static Loaded Load()
    {
        var root = FindRepoRoot();
        var outDir = Path.Combine(root, "artifacts", "infra");
        var template = Path.Combine(outDir, "main.json");
        var snapshot = Path.Combine(outDir, "main.snapshot.json");

        if (!IsFresh(root, template, snapshot))
        {
            RunCheck(root);
        }

        var snapshotJson = JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject();
        var resources = snapshotJson["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var outputs = snapshotJson["outputs"]!.AsObject();
        return new Loaded(root, File.ReadAllText(template), resources, outputs);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Support.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Support.Functions.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The artifacts are reused only when both exist and are newer than every input of the check.</summary>
    private static bool IsFresh(string root, string template, string snapshot)
    {
        if (!File.Exists(template) || !File.Exists(snapshot))
        {
            return false;
        }

        var built = Min(File.GetLastWriteTimeUtc(template), File.GetLastWriteTimeUtc(snapshot));
        var inputs = Directory.EnumerateFiles(Path.Combine(root, "infra"), "*", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "functions", "Support.Core", "Queues", "queues.json"))
            .Append(Path.Combine(root, "functions", "Support.Adapters", "Storage", "storage.json"))
            .Append(Path.Combine(root, "functions", "Support.Core", "Calendars", "regions.json"));
        return inputs.All(f => File.GetLastWriteTimeUtc(f) <= built);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static void RunCheck(string root)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine("infra", "check"));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash infra/check");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"infra/check failed with exit code {process.ExitCode}:\n{stdout}\n{stderr.GetAwaiter().GetResult()}");
        }
    }
}
