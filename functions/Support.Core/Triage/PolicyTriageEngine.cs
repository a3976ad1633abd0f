using System.Text;
using System.Text.RegularExpressions;
using Support.Core.Domain;
using Support.Core.Triage.Policy;

namespace Support.Core.Triage;

/// <summary>
/// Classifies an inquiry with the rules of a <see cref="TriagePolicy"/>: weighted phrases and
/// patterns score each category and severity, channel and tier adjustments add to severity, the
/// submitter's own choice may raise it by one level, and caps have the last word. Every rule that
/// fires becomes a reason on the ticket, so staff can see why and correct it. The requester's tier
/// comes from the customer tiers the SLA policy defines (none given: only explicit tiers count).
/// </summary>
public sealed class PolicyTriageEngine(TriagePolicy policy, ICustomerTiers? tiers = null) : ITriageEngine
{
    private static readonly int CategoryCount = Enum.GetValues<Category>().Length;

    public TriageResult Classify(TriageInput input) => Classify(input, out _);

    /// <param name="categoryScored">False when no category rule fired and the category is the policy's default.</param>
    public TriageResult Classify(TriageInput input, out bool categoryScored)
    {
        var text = Prepare(input);
        var reasons = new List<string>();
        var category = ClassifyCategory(input.Channel, text, reasons, out categoryScored);
        var severity = ClassifySeverity(input, category, text, reasons);
        return new TriageResult(category, severity, reasons);
    }

    /// <summary>
    /// The policy's caps ("test environment" never above S2, …) applied to a severity decided
    /// elsewhere, such as by the learned model, so a cap holds whoever raised the ticket.
    /// </summary>
    public Severity Cap(TriageInput input, Category category, Severity severity, List<string> reasons) =>
        ApplyCaps(category, Prepare(input), severity, reasons);

    private string Prepare(TriageInput input)
    {
        var text = TriageText.Normalize(input.Subject ?? "", input.Body ?? "");
        foreach (var ignore in policy.Ignore)
        {
            text = ReplaceOrKeep(ignore, text, " ");
        }

        foreach (var rewrite in policy.RewritesByChannel[(int)input.Channel])
        {
            text = ReplaceOrKeep(rewrite.Pattern, text, rewrite.Replacement);
        }

        return text;
    }

    private static string ReplaceOrKeep(Regex pattern, string text, string replacement)
    {
        try
        {
            return pattern.Replace(text, replacement);
        }
        catch (RegexMatchTimeoutException)
        {
            // A runaway pattern leaves the text as it was rather than failing the inquiry.
            return text;
        }
    }

    private Category ClassifyCategory(Channel channel, string text, List<string> reasons, out bool scored)
    {
        Span<double> scores = stackalloc double[CategoryCount];
        var headline = reasons.Count;
        foreach (var rules in policy.Categories)
        {
            foreach (var rule in rules.Rules)
            {
                if (rule.AppliesTo(channel) && Matches(rule.Matcher, text, WireNames.Of(rules.Category), rule.Id, reasons, out var match))
                {
                    scores[(int)rules.Category] += rule.Weight;
                    reasons.Add(Fired(WireNames.Of(rules.Category), rule.Id, rule.Weight, text, match));
                }
            }
        }

        Category? best = null;
        foreach (var rules in policy.Categories)
        {
            if (scores[(int)rules.Category] > 0 && (best is null || scores[(int)rules.Category] > scores[(int)best.Value]))
            {
                best = rules.Category;
            }
        }

        scored = best is not null;
        if (best is not { } chosen)
        {
            reasons.Insert(headline, $"category {WireNames.Of(policy.DefaultCategory)}: no category scored above zero, so the policy default");
            return policy.DefaultCategory;
        }

        var summary = new StringBuilder($"category {WireNames.Of(chosen)}: scored {TriagePolicy.Format(scores[(int)chosen])}");
        var separator = " (others: ";
        foreach (var rules in policy.Categories)
        {
            if (rules.Category != chosen && scores[(int)rules.Category] != 0)
            {
                summary.Append(separator).Append(WireNames.Of(rules.Category)).Append(' ').Append(TriagePolicy.Format(scores[(int)rules.Category]));
                separator = ", ";
            }
        }

        reasons.Insert(headline, separator == ", " ? summary.Append(')').ToString() : summary.ToString());
        return chosen;
    }

    private Severity ClassifySeverity(TriageInput input, Category category, string text, List<string> reasons)
    {
        // Indexed by the enum's value (S1 = 1 … S3 = 3).
        Span<double> scores = stackalloc double[4];
        var headline = reasons.Count;
        foreach (var level in policy.Levels)
        {
            foreach (var rule in level.Rules)
            {
                if (rule.AppliesTo(input.Channel) && rule.AppliesTo(category)
                    && Matches(rule.Matcher, text, WireNames.Of(level.Severity), rule.Id, reasons, out var match))
                {
                    scores[(int)level.Severity] += rule.Weight;
                    reasons.Add(Fired(WireNames.Of(level.Severity), rule.Id, rule.Weight, text, match));
                }
            }
        }

        var tier = EffectiveTier(input, reasons);
        foreach (var adjustment in policy.Adjustments)
        {
            if (Applies(adjustment, input, tier))
            {
                foreach (var (level, weight) in adjustment.Severity)
                {
                    scores[(int)level] += weight;
                    reasons.Add($"{WireNames.Of(level)} {Signed(weight)} {adjustment.Id}");
                }
            }
        }

        var baseline = policy.BaselineByCategory[(int)category] ?? Severity.S3;
        var severity = Decide(scores, baseline);
        reasons.Insert(headline, severity == baseline
            ? $"severity {WireNames.Of(severity)}: where {WireNames.Of(category)} starts; no severity level reached its threshold"
            : $"severity {WireNames.Of(severity)}: its rules scored {TriagePolicy.Format(scores[(int)severity])} (threshold {TriagePolicy.Format(Threshold(severity))})");

        severity = ApplyDeclaredHint(input.DeclaredSeverity, scores, baseline, severity, reasons);
        return ApplyCaps(category, text, severity, reasons);
    }

    // The submitter's choice counts as evidence for every level from theirs up to ours, but alone
    // it never moves a ticket more than one level.
    private Severity ApplyDeclaredHint(Severity? declared, Span<double> scores, Severity baseline, Severity severity, List<string> reasons)
    {
        if (declared is not { } chosen || chosen >= severity || policy.DeclaredSeverityWeight <= 0)
        {
            return severity;
        }

        Span<double> hinted = stackalloc double[scores.Length];
        scores.CopyTo(hinted);
        for (var level = (int)chosen; level < (int)severity; level++)
        {
            hinted[level] += policy.DeclaredSeverityWeight;
        }

        var oneUp = (Severity)((int)severity - 1);
        var raised = Decide(hinted, baseline);
        if (raised >= severity)
        {
            reasons.Add($"severity {WireNames.Of(severity)}: the submitter chose {WireNames.Of(chosen)}, not enough other evidence to raise it");
            return severity;
        }

        reasons.Add($"severity {WireNames.Of(oneUp)}: raised one level by the submitter's choice of {WireNames.Of(chosen)} ({Signed(policy.DeclaredSeverityWeight)})");
        return oneUp;
    }

    private Severity ApplyCaps(Category category, string text, Severity severity, List<string> reasons)
    {
        foreach (var cap in policy.Caps)
        {
            if (severity < cap.CapAt
                && cap.AppliesTo(category)
                && Matches(cap.Matcher, text, "cap", cap.Id, reasons, out var match)
                && cap.Unless?.IsMatch(text) != true)
            {
                severity = cap.CapAt;
                reasons.Add($"severity {WireNames.Of(severity)}: capped by {cap.Id} (\"{text[match]}\")");
            }
        }

        return severity;
    }

    // A match cancelled by a negation ("no data loss") is reported, so staff can see it was read.
    private bool Matches(TextMatcher matcher, string text, string target, string id, List<string> reasons, out Range match)
    {
        if (matcher.TryMatch(text, policy.Negation, out match, out var negated))
        {
            return true;
        }

        if (negated is { } cancelled)
        {
            reasons.Add($"{target} {id} not counted, negated: \"{Excerpt(text, ExtendToNegation(text, cancelled))}\"");
        }

        return false;
    }

    private Severity Decide(ReadOnlySpan<double> scores, Severity baseline)
    {
        foreach (var level in policy.Levels)
        {
            if (level.Severity < baseline && scores[(int)level.Severity] >= level.Threshold)
            {
                return level.Severity;
            }
        }

        return baseline;
    }

    private double Threshold(Severity severity) =>
        policy.Levels.FirstOrDefault(l => l.Severity == severity)?.Threshold ?? 0;

    /// <summary>An explicit tier wins; otherwise the tier the customer tiers give the requester's domain.</summary>
    private string? EffectiveTier(TriageInput input, List<string> reasons)
    {
        if (!string.IsNullOrWhiteSpace(input.Tier))
        {
            return input.Tier.Trim();
        }

        if (tiers?.TierOf(input.RequesterEmail) is not { } tier)
        {
            return null;
        }

        reasons.Add($"tier {tier}: the requester's domain is in that customer tier");
        return tier;
    }

    private static bool Applies(CompiledAdjustment adjustment, TriageInput input, string? tier)
    {
        if ((adjustment.Channel is { } channel && channel != input.Channel)
            || (adjustment.Tier is not null && !string.Equals(adjustment.Tier, tier, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        foreach (var (key, expected) in adjustment.Attributes)
        {
            if (!TryGetAttribute(input.Attributes, key, out var actual)
                || !string.Equals(actual.Trim(), expected, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetAttribute(IReadOnlyDictionary<string, string> attributes, string key, out string value)
    {
        if (attributes.TryGetValue(key, out value!))
        {
            return true;
        }

        foreach (var (candidate, candidateValue) in attributes)
        {
            if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
            {
                value = candidateValue;
                return true;
            }
        }

        value = "";
        return false;
    }

    private static string Fired(string target, string id, double weight, string text, Range match) =>
        $"{target} {Signed(weight)} {id}: \"{Excerpt(text, match)}\"";

    // Long pattern matches are cut so a reason stays one readable line.
    private static string Excerpt(string text, Range match)
    {
        var (offset, length) = match.GetOffsetAndLength(text.Length);
        return length <= 60 ? text.Substring(offset, length) : string.Concat(text.AsSpan(offset, 57), "...");
    }

    // Widens a cancelled match to the two words before it, where the negation is.
    private static Range ExtendToNegation(string text, Range match)
    {
        var start = match.Start.Value;
        for (var words = 0; words < 2 && start > 0; words++)
        {
            start = text.LastIndexOf(' ', Math.Max(0, start - 2)) + 1;
        }

        return new Range(start, match.End);
    }

    private static string Signed(double weight) =>
        (weight >= 0 ? "+" : "") + TriagePolicy.Format(weight);
}
