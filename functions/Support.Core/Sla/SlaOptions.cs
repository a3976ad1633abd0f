namespace Support.Core.Sla;

/// <summary>Bound from the <c>Sla__*</c> settings.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    /// <summary>A policy file to use instead of the built-in <c>Sla/sla-policy.json</c>; empty means the built-in one.</summary>
    public string? PolicyPath { get; set; }
}
