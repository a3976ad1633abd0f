using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Support.Core.Domain;

namespace Support.Core.Triage.Policy;

/// <summary>
/// A validated, compiled triage policy. Built once (all regexes compiled up front) and shared by
/// every classification; immutable, so safe across threads.
/// </summary>
public sealed class TriagePolicy
{
    public const int SupportedVersion = 1;

    private TriagePolicy(string source)
    {
        Source = source;
    }

    /// <summary>Where the policy came from, for reasons and error messages.</summary>
    public string Source { get; }

    internal Category DefaultCategory { get; private init; }

    internal Regex[] Ignore { get; private init; } = [];

    internal Negation? Negation { get; private init; }

    internal CompiledRewrite[][] RewritesByChannel { get; private init; } = [];

    internal CompiledCategory[] Categories { get; private init; } = [];

    internal CompiledSeverityLevel[] Levels { get; private init; } = [];

    internal Severity?[] BaselineByCategory { get; private init; } = [];

    internal CompiledCap[] Caps { get; private init; } = [];

    internal double DeclaredSeverityWeight { get; private init; }

    internal CompiledAdjustment[] Adjustments { get; private init; } = [];

    /// <summary>Reads and validates a policy, listing every problem at once.</summary>
    /// <exception cref="TriagePolicyException">The JSON is malformed or the policy is invalid.</exception>
    public static TriagePolicy Parse(string json, string source)
    {
        TriagePolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, TriagePolicyJson.Default.TriagePolicyDocument);
        }
        catch (JsonException ex)
        {
            throw new TriagePolicyException(source, [$"not valid policy JSON: {ex.Message}"]);
        }

        return document is null
            ? throw new TriagePolicyException(source, ["the file holds no policy"])
            : Compile(document, source);
    }

    /// <exception cref="TriagePolicyException">The policy is invalid.</exception>
    public static TriagePolicy Compile(TriagePolicyDocument document, string source)
    {
        var problems = new List<string>();
        if (document.Version != SupportedVersion)
        {
            problems.Add($"version {document.Version} is not supported (expected {SupportedVersion})");
        }

        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var policy = new TriagePolicy(source)
        {
            DefaultCategory = ParseCategory("defaultCategory", document.DefaultCategory, problems) ?? Category.Question,
            Ignore = [.. document.IgnorePatterns
                .Select((p, i) => TextMatcher.CompilePattern($"ignorePatterns[{i}]", p, problems))
                .OfType<Regex>()],
            Negation = Negation.Compile(document.NegationPattern, problems),
            RewritesByChannel = CompileRewrites(document.Channels, problems),
            Categories = CompileCategories(document.Categories, ruleIds, problems),
            Levels = CompileLevels(document.Severity.Levels, ruleIds, problems),
            BaselineByCategory = CompileBaseline(document.Severity.CategoryBaseline, problems),
            Caps = CompileCaps(document.Severity.Caps, ruleIds, problems),
            DeclaredSeverityWeight = document.Severity.DeclaredSeverityWeight,
            Adjustments = CompileAdjustments(document.Adjustments, ruleIds, problems),
        };

        if (document.Severity.DeclaredSeverityWeight < 0 || !double.IsFinite(document.Severity.DeclaredSeverityWeight))
        {
            problems.Add("severity.declaredSeverityWeight must be zero or more");
        }

        return problems.Count > 0 ? throw new TriagePolicyException(source, problems) : policy;
    }

    private static CompiledRewrite[][] CompileRewrites(List<ChannelDocument> channels, List<string> problems)
    {
        var byChannel = new List<CompiledRewrite>[Enum.GetValues<Channel>().Length];
        for (var i = 0; i < byChannel.Length; i++)
        {
            byChannel[i] = [];
        }

        for (var i = 0; i < channels.Count; i++)
        {
            var where = $"channels[{i}]";
            if (ParseChannel(where + ".channel", channels[i].Channel, problems) is not { } channel)
            {
                continue;
            }

            for (var j = 0; j < channels[i].Rewrites.Count; j++)
            {
                var rewrite = channels[i].Rewrites[j];
                if (string.IsNullOrWhiteSpace(rewrite.Pattern))
                {
                    problems.Add($"{where}.rewrites[{j}]: a rewrite needs a pattern");
                }
                else if (TextMatcher.CompilePattern($"{where}.rewrites[{j}]", rewrite.Pattern, problems) is { } regex)
                {
                    byChannel[(int)channel].Add(new CompiledRewrite(regex, rewrite.Replacement));
                }
            }
        }

        return [.. byChannel.Select(list => list.ToArray())];
    }

    private static CompiledCategory[] CompileCategories(List<CategoryDocument> categories, HashSet<string> ids, List<string> problems)
    {
        if (categories.Count == 0)
        {
            problems.Add("categories: at least one category needs rules");
        }

        var seen = new HashSet<Category>();
        var compiled = new List<CompiledCategory>();
        for (var i = 0; i < categories.Count; i++)
        {
            var where = $"categories[{i}]";
            if (ParseCategory(where + ".category", categories[i].Category, problems) is not { } category)
            {
                continue;
            }

            if (!seen.Add(category))
            {
                problems.Add($"{where}: category {WireNames.Of(category)} appears more than once");
            }

            compiled.Add(new CompiledCategory(category, CompileRules($"{where} ({WireNames.Of(category)})", categories[i].Rules, ids, problems)));
        }

        return [.. compiled];
    }

    private static CompiledSeverityLevel[] CompileLevels(List<SeverityLevelDocument> levels, HashSet<string> ids, List<string> problems)
    {
        var seen = new HashSet<Severity>();
        var compiled = new List<CompiledSeverityLevel>();
        for (var i = 0; i < levels.Count; i++)
        {
            var where = $"severity.levels[{i}]";
            if (ParseSeverity(where + ".severity", levels[i].Severity, problems) is not { } severity)
            {
                continue;
            }

            if (severity == Severity.S3)
            {
                problems.Add($"{where}: S3 is where every inquiry starts; only S1 and S2 take rules");
                continue;
            }

            if (!seen.Add(severity))
            {
                problems.Add($"{where}: severity {WireNames.Of(severity)} appears more than once");
            }

            if (!(levels[i].Threshold > 0) || !double.IsFinite(levels[i].Threshold))
            {
                problems.Add($"{where}: threshold must be greater than zero");
            }

            compiled.Add(new CompiledSeverityLevel(severity, levels[i].Threshold, CompileRules($"{where} ({WireNames.Of(severity)})", levels[i].Rules, ids, problems)));
        }

        return [.. compiled.OrderBy(level => level.Severity)];
    }

    private static Severity?[] CompileBaseline(Dictionary<string, string> baseline, List<string> problems)
    {
        var compiled = new Severity?[Enum.GetValues<Category>().Length];
        foreach (var (name, level) in baseline)
        {
            var category = ParseCategory($"severity.categoryBaseline key", name, problems);
            var severity = ParseSeverity($"severity.categoryBaseline[{name}]", level, problems);
            if (category is { } c && severity is { } s)
            {
                compiled[(int)c] = s;
            }
        }

        return compiled;
    }

    private static CompiledCap[] CompileCaps(List<CapDocument> caps, HashSet<string> ids, List<string> problems)
    {
        var compiled = new List<CompiledCap>();
        for (var i = 0; i < caps.Count; i++)
        {
            var cap = caps[i];
            var where = $"severity.caps[{i}]";
            var id = CheckId(where, cap.Id, ids, problems);
            var capAt = ParseSeverity(where + ".capAt", cap.CapAt, problems);
            var matcher = TextMatcher.Create(where, cap.Phrases, cap.Pattern, problems);
            if (cap.Phrases.Count == 0 && string.IsNullOrWhiteSpace(cap.Pattern))
            {
                problems.Add($"{where}: a cap needs phrases or a pattern");
            }

            var unless = TextMatcher.CompilePattern(where + ".unlessPattern", cap.UnlessPattern, problems);
            var categories = ParseCategories(where, cap.Categories, problems);
            if (capAt is { } level)
            {
                compiled.Add(new CompiledCap(id, level, matcher, unless, categories));
            }
        }

        return [.. compiled];
    }

    private static CompiledAdjustment[] CompileAdjustments(List<AdjustmentDocument> adjustments, HashSet<string> ids, List<string> problems)
    {
        var compiled = new List<CompiledAdjustment>();
        for (var i = 0; i < adjustments.Count; i++)
        {
            var adjustment = adjustments[i];
            var where = $"adjustments[{i}]";
            var id = CheckId(where, adjustment.Id, ids, problems);
            var channel = adjustment.Channel is null ? null : ParseChannel(where + ".channel", adjustment.Channel, problems);
            if (adjustment.Channel is null && adjustment.Tier is null && adjustment.Attributes.Count == 0)
            {
                problems.Add($"{where}: an adjustment needs a channel, tier or attributes to apply to");
            }

            var severity = new List<KeyValuePair<Severity, double>>();
            foreach (var (name, weight) in adjustment.Severity)
            {
                if (ParseSeverity($"{where}.severity key", name, problems) is { } level)
                {
                    severity.Add(new(level, weight));
                }
            }

            if (severity.Count == 0)
            {
                problems.Add($"{where}: an adjustment needs severity weights");
            }

            compiled.Add(new CompiledAdjustment(id, channel, adjustment.Tier?.Trim(), [.. adjustment.Attributes], [.. severity]));
        }

        return [.. compiled];
    }

    private static CompiledRule[] CompileRules(string where, List<RuleDocument> rules, HashSet<string> ids, List<string> problems)
    {
        var compiled = new List<CompiledRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"{where}.rules[{i}]";
            var id = CheckId(at, rule.Id, ids, problems);
            var matcher = TextMatcher.Create($"{at} ({id})", rule.Phrases, rule.Pattern, problems);
            if (rule.Phrases.Count == 0 && string.IsNullOrWhiteSpace(rule.Pattern))
            {
                problems.Add($"{at} ({id}): a rule needs phrases or a pattern");
            }

            if (rule.Weight == 0 || !double.IsFinite(rule.Weight))
            {
                problems.Add($"{at} ({id}): weight must be a non-zero number");
            }

            var channels = rule.Channels
                .Select(c => ParseChannel($"{at} ({id}).channels", c, problems))
                .OfType<Channel>()
                .ToArray();
            compiled.Add(new CompiledRule(id, matcher, rule.Weight, channels, ParseCategories($"{at} ({id})", rule.Categories, problems)));
        }

        return [.. compiled];
    }

    private static string CheckId(string where, string? id, HashSet<string> ids, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add($"{where}: missing id (reasons name rules by id)");
            return where;
        }

        if (!ids.Add(id))
        {
            problems.Add($"{where}: id \"{id}\" is used more than once");
        }

        return id;
    }

    private static Category[] ParseCategories(string where, List<string> names, List<string> problems) =>
        [.. names.Select(n => ParseCategory(where + ".categories", n, problems)).OfType<Category>()];

    private static Category? ParseCategory(string where, string? name, List<string> problems)
    {
        if (WireNames.TryParse(name, out Category category))
        {
            return category;
        }

        problems.Add($"{where}: unknown category \"{name}\" (expected one of {Known<Category>(WireNames.Of)})");
        return null;
    }

    private static Severity? ParseSeverity(string where, string? name, List<string> problems)
    {
        if (WireNames.TryParse(name, out Severity severity))
        {
            return severity;
        }

        problems.Add($"{where}: unknown severity \"{name}\" (expected one of {Known<Severity>(WireNames.Of)})");
        return null;
    }

    private static Channel? ParseChannel(string where, string? name, List<string> problems)
    {
        if (WireNames.TryParse(name, out Channel channel))
        {
            return channel;
        }

        problems.Add($"{where}: unknown channel \"{name}\" (expected one of {Known<Channel>(WireNames.Of)})");
        return null;
    }

    private static string Known<T>(Func<T, string> name)
        where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Select(name));

    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
