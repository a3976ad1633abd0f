using System.Text.RegularExpressions;
using Support.Core.Domain;

namespace Support.Core.Triage.Policy;

/// <summary>A rule ready to run: its matcher and the filters that decide whether it counts.</summary>
internal sealed record CompiledRule(string Id, TextMatcher Matcher, double Weight, Channel[] Channels, Category[] Categories)
{
    public bool AppliesTo(Channel channel) => Channels.Length == 0 || Array.IndexOf(Channels, channel) >= 0;

    public bool AppliesTo(Category category) => Categories.Length == 0 || Array.IndexOf(Categories, category) >= 0;
}

internal sealed record CompiledCategory(Category Category, CompiledRule[] Rules);

internal sealed record CompiledSeverityLevel(Severity Severity, double Threshold, CompiledRule[] Rules);

internal sealed record CompiledCap(string Id, Severity CapAt, TextMatcher Matcher, Regex? Unless, Category[] Categories)
{
    public bool AppliesTo(Category category) => Categories.Length == 0 || Array.IndexOf(Categories, category) >= 0;
}

internal sealed record CompiledRewrite(Regex Pattern, string Replacement);

internal sealed record CompiledAdjustment(
    string Id,
    Channel? Channel,
    string? Tier,
    KeyValuePair<string, string>[] Attributes,
    KeyValuePair<Severity, double>[] Severity);
