using System.Globalization;
using Support.Core.Domain;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

/// <summary>
/// Rules and a learned model together. Category: the rules' when a category rule fired (they
/// generalise better than a model trained on a few hundred items: 0.88–0.90 macro-F1 on unseen sets
/// against the model's 0.79 cross-validated), the model's when no rule fired or when it is at least
/// 90% sure of another category. Severity is asymmetric: S1 when the rules' S1 signals fire or the model's P(S1)
/// reaches the threshold cross-validation chose for S1 recall ≥ 0.95; otherwise S2 or S3 by the
/// cost-chosen S2 threshold; the policy's caps still have the last word. The reasons say which
/// side decided; the explanation carries the rules that fired, the probabilities and the three
/// most similar labelled inquiries.
/// </summary>
public sealed class HybridTriageEngine(PolicyTriageEngine rules, TriageModelHolder models) : ITriageEngine
{
    public const int SimilarCount = 3;

    private const double ModelOverridesRules = 0.9;

    public TriageResult Classify(TriageInput input)
    {
        var text = SentenceEmbedder.TextOf(input.Subject, input.Body);
        return Classify(input, text, SentenceEmbedder.Shared.Embed(text));
    }

    public async ValueTask<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken)
    {
        var text = SentenceEmbedder.TextOf(input.Subject, input.Body);
        return Classify(input, text, await SentenceEmbedder.Shared.EmbedAsync(text, cancellationToken));
    }

    /// <summary>For callers that have the embedding already.</summary>
    public TriageResult Classify(TriageInput input, string text, float[] embedding)
    {
        var model = models.Current;
        var prediction = model.Predict(text, embedding);
        var result = Combine(rules, input, prediction, model.Info.S1Threshold, model.Info.S2Threshold, model.MostSimilar(embedding, SimilarCount), model.Info.Version);
        return result with { Explanation = result.Explanation! with { Embedding = embedding } };
    }

    internal static TriageResult Combine(
        PolicyTriageEngine rules,
        TriageInput input,
        ModelPrediction prediction,
        double s1Threshold,
        double s2Threshold,
        IReadOnlyList<SimilarInquiry> similar,
        string version)
    {
        var ruled = rules.Classify(input, out var categoryScored);
        var reasons = new List<string>();

        var best = 0;
        for (var i = 1; i < prediction.Category.Length; i++)
        {
            best = prediction.Category[i] > prediction.Category[best] ? i : best;
        }

        var modelCategory = TriageModel.CategoryAt(best);
        var pBest = prediction.Category[best];
        Category category;
        if (modelCategory == ruled.Category)
        {
            category = modelCategory;
            reasons.Add($"category {WireNames.Of(category)}: the rules and the model ({Percent(pBest)}) agree");
        }
        else if (!categoryScored || pBest >= ModelOverridesRules)
        {
            category = modelCategory;
            reasons.Add(categoryScored
                ? $"category {WireNames.Of(category)}: the model is {Percent(pBest)} sure; the rules said {WireNames.Of(ruled.Category)}"
                : $"category {WireNames.Of(category)}: no category rule fired; the model ({Percent(pBest)})");
        }
        else
        {
            category = ruled.Category;
            reasons.Add($"category {WireNames.Of(category)}: the rules; the model leaned {WireNames.Of(modelCategory)} ({Percent(pBest)})");
        }

        var pS1 = prediction.Severity[0];
        var s2Share = TriageModelTrainer.S2Share(prediction);
        Severity severity;
        if (ruled.Severity == Severity.S1)
        {
            severity = Severity.S1;
            reasons.Add($"severity S1: the rules' S1 signals fired (model P(S1) {Percent(pS1)})");
        }
        else if (pS1 >= s1Threshold)
        {
            severity = Severity.S1;
            reasons.Add($"severity S1: model P(S1) {Percent(pS1)} reaches the S1 threshold {Percent(s1Threshold)}");
        }
        else
        {
            severity = s2Share >= s2Threshold ? Severity.S2 : Severity.S3;
            reasons.Add($"severity {WireNames.Of(severity)}: model P(S1) {Percent(pS1)} below {Percent(s1Threshold)}; "
                + $"S2 against S3 {Percent(s2Share)} {(severity == Severity.S2 ? "reaches" : "below")} {Percent(s2Threshold)}");
        }

        severity = rules.Cap(input, category, severity, reasons);
        reasons.AddRange(ruled.Reasons.Select(r => "rules: " + r));

        var explanation = new TriageExplanation(
            ruled.Reasons,
            Enum.GetValues<Category>().ToDictionary(WireNames.Of, c => Math.Round(prediction.Category[(int)c], 3)),
            Enum.GetValues<Severity>().ToDictionary(WireNames.Of, s => Math.Round(prediction.Severity[(int)s - 1], 3)),
            Math.Round(s1Threshold, 3),
            similar,
            version);
        return new TriageResult(category, severity, reasons, explanation);
    }

    // Below 1% a whole percent would round the S1 threshold (0.7%) to 1% and a P(S1) just under it to "1% does not reach 1%".
    private static string Percent(double p) => p.ToString(p is > 0 and < 0.01 ? "0.0%" : "0%", CultureInfo.InvariantCulture);
}
