using Support.Core.Domain;

namespace Support.Core.Triage;

/// <summary>
/// A first, deliberately small rule set: a few phrases per category and a few outage words for
/// S1. The policy-driven engine replaces it; until then every ticket still records why.
/// </summary>
public sealed class StarterTriageRules : ITriageEngine
{
    private static readonly (Category Category, string[] Phrases)[] CategoryPhrases =
    [
        (Category.Technical, ["error", "cannot log in", "can't log in", "broken", "crash", "fails", "failing", "bug", "down", "not working", "slow"]),
        (Category.Business, ["price", "pricing", "quote", "invoice", "contract", "renewal", "billing", "partnership"]),
        (Category.FeatureRequest, ["feature request", "would be great", "could you add", "please add", "suggestion"]),
        (Category.Onboarding, ["onboarding", "set up", "setup", "getting started", "training", "book a call"]),
    ];

    private static readonly string[] OutagePhrases = ["production down", "outage", "nobody can", "all users", "data loss"];

    public TriageResult Classify(TriageInput input)
    {
        var text = $"{input.Subject}\n{input.Body}".ToLowerInvariant();
        var reasons = new List<string>();
        var category = Category.Question;
        foreach (var (candidate, phrases) in CategoryPhrases)
        {
            var hit = phrases.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal));
            if (hit is not null)
            {
                category = candidate;
                reasons.Add($"category {WireNames.Of(candidate)}: \"{hit}\"");
                break;
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add("category question: no other category matched");
        }

        var severity = Severity.S3;
        var outage = OutagePhrases.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal));
        if (outage is not null)
        {
            severity = Severity.S1;
            reasons.Add($"severity S1: \"{outage}\"");
        }
        else if (category == Category.Technical)
        {
            severity = Severity.S2;
            reasons.Add("severity S2: a technical problem");
        }

        if (input.DeclaredSeverity is { } declared && declared < severity)
        {
            severity = (Severity)((int)severity - 1);
            reasons.Add($"severity {WireNames.Of(severity)}: raised one level by the submitter's choice of {WireNames.Of(declared)}");
        }

        return new TriageResult(category, severity, reasons);
    }
}
