namespace Support.Core.Triage;

/// <summary>Bound from the <c>Triage__*</c> settings.</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>
    /// A policy file to use instead of the one built into the app, for trying rule changes
    /// without a deployment. Empty means the built-in policy.
    /// </summary>
    public string? PolicyPath { get; set; }

    /// <summary>How often each instance looks for a newer accepted triage model in Blob Storage.</summary>
    public int ModelRefreshMinutes { get; set; } = 15;
}
