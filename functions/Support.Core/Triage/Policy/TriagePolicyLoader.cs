namespace Support.Core.Triage.Policy;

/// <summary>Finds the policy: the file named by <see cref="TriageOptions.PolicyPath"/>, else the one built into the app.</summary>
public static class TriagePolicyLoader
{
    /// <summary>The manifest name of <c>Triage/triage-policy.json</c>, embedded so it always deploys with the code.</summary>
    public const string EmbeddedName = "Support.Core.Triage.triage-policy.json";

    private static readonly Lazy<TriagePolicy> Embedded = new(LoadEmbedded);

    /// <summary>The built-in policy, compiled once per process.</summary>
    public static TriagePolicy Default => Embedded.Value;

    /// <exception cref="TriagePolicyException">The file is missing, unreadable or invalid.</exception>
    public static TriagePolicy Load(TriageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PolicyPath))
        {
            return Default;
        }

        string json;
        try
        {
            json = File.ReadAllText(options.PolicyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new TriagePolicyException(options.PolicyPath, [$"cannot read the file: {ex.Message}"]);
        }

        return TriagePolicy.Parse(json, options.PolicyPath);
    }

    private static TriagePolicy LoadEmbedded()
    {
        using var stream = typeof(TriagePolicyLoader).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new TriagePolicyException("(built in)", [$"resource {EmbeddedName} is missing from the build"]);
        using var reader = new StreamReader(stream);
        return TriagePolicy.Parse(reader.ReadToEnd(), "(built in)");
    }
}
