using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using Support.Core.Domain;
using Support.Core.Triage;
using Support.Core.Triage.Evaluation;

namespace Support.Adapters.Triage;

/// <summary>One labelled item ready for training: its text, its embedding and the labels people gave it.</summary>
public sealed record TrainingItem(string Id, TriageInput Input, string Text, float[] Embedding, Category Category, Severity Severity, bool FromCorrection);

/// <summary>The outcome of a training run: the new model and, on the same folds, the figures of the current one.</summary>
public sealed record TrainingRun(TriageModel Model, CrossValidation Candidate, CrossValidation? Current)
{
    /// <summary>A new model is accepted only if it loses neither S1 recall nor category macro-F1 on the same folds.</summary>
    public bool Accepted => Current is null
        || (Candidate.S1Recall >= Current.S1Recall - 1e-9 && Candidate.CategoryMacroF1 >= Current.CategoryMacroF1 - 1e-9);
}

/// <summary>
/// Trains the model with SDCA maximum entropy over word 1–2-grams, character 4-grams and the
/// sentence embedding, then chooses the severity thresholds from 5-fold out-of-fold
/// probabilities: S1 at the highest probability that still finds ≥ 95% of S1 items, S2 over S3
/// where a missed S2 costs twice a false one.
/// </summary>
public sealed class TriageModelTrainer(PolicyTriageEngine rules)
{
    public const int Folds = 5;
    private const int MinTrainingItems = 20;
    private const double S1RecallTarget = 0.95;
    private const double MissedS2Cost = 2;
    private const int ExcerptLength = 120;

    public static IReadOnlyList<TrainingItem> Prepare(IReadOnlyList<(LabelledInquiry Row, bool FromCorrection)> rows)
    {
        var texts = rows.Select(r => SentenceEmbedder.TextOf(r.Row.Input.Subject, r.Row.Input.Body)).ToList();
        var embeddings = SentenceEmbedder.Shared.Embed(texts);
        return [.. rows.Select((r, i) => new TrainingItem(r.Row.Id, r.Row.Input, texts[i], embeddings[i], r.Row.Category, r.Row.Severity, r.FromCorrection))];
    }

    /// <summary>
    /// Trains on all <paramref name="items"/>; cross-validates the recipe on them and, when a current
    /// model is given, the same recipe restricted to what the current model was trained on, on the same folds.
    /// </summary>
    public TrainingRun Train(IReadOnlyList<TrainingItem> items, TimeProvider time, TriageModel? current = null)
    {
        var folds = AssignFolds(items);
        var (candidate, s1Threshold, s2Threshold) = CrossValidate(items, folds, _ => true, null);
        CrossValidation? currentFigures = null;
        if (current is not null)
        {
            var trainedOn = TrainedOn(current);
            (currentFigures, _, _) = CrossValidate(items, folds, item => trainedOn.Contains(item.Id), current);
        }

        var ml = new MLContext(seed: 1);
        var (category, severity) = Fit(ml, items);
        var now = time.GetUtcNow();
        var info = new TriageModelInfo(
            $"{now:yyyyMMdd'T'HHmmss'Z'}",
            now,
            items.Count,
            items.Count(i => i.FromCorrection),
            s1Threshold,
            s2Threshold,
            candidate);
        var index = items.Select(i => new IndexedInquiry(i.Id, Excerpt(i.Text), WireNames.Of(i.Category), WireNames.Of(i.Severity), i.Embedding)).ToList();
        return new TrainingRun(new TriageModel(ml, category, severity, info, index), candidate, currentFigures);
    }

    /// <summary>The ids a model was trained on (its similar-items index holds exactly those).</summary>
    private static HashSet<string> TrainedOn(TriageModel model) => [.. model.Index.Select(i => i.Id)];

    /// <param name="fallback">
    /// For a fold with too little of <paramref name="trainable"/> to train on (the current model learned
    /// from other items), this model as it is: the fold's items are unseen by it, so still a fair test.
    /// </param>
    private (CrossValidation Figures, double S1Threshold, double S2Threshold) CrossValidate(
        IReadOnlyList<TrainingItem> items, int[] folds, Func<TrainingItem, bool> trainable, TriageModel? fallback)
    {
        var predictions = new ModelPrediction[items.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var ml = new MLContext(seed: 1);
            var train = items.Where((item, i) => folds[i] != fold && trainable(item)).ToList();
            TriageModel model;
            if (fallback is not null && (train.Count < MinTrainingItems || train.Select(i => i.Severity).Distinct().Count() < 2))
            {
                model = fallback;
            }
            else
            {
                var (category, severity) = Fit(ml, train);
                var info = new TriageModelInfo("cv", default, train.Count, 0, 0, 0, new CrossValidation(0, 0, 0, 0, 0));
                model = new TriageModel(ml, category, severity, info, []);
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (folds[i] == fold)
                {
                    predictions[i] = model.Predict(items[i].Text, items[i].Embedding);
                }
            }
        }

        var s1Threshold = ChooseS1Threshold(items, predictions);
        var s2Threshold = ChooseS2Threshold(items, predictions);
        var categories = new ClassReport<Category>(Enum.GetValues<Category>(), WireNames.Of);
        var severities = new ClassReport<Severity>(Enum.GetValues<Severity>(), WireNames.Of);
        for (var i = 0; i < items.Count; i++)
        {
            var result = HybridTriageEngine.Combine(rules, items[i].Input, predictions[i], s1Threshold, s2Threshold, [], "cv");
            categories.Add(items[i].Category, result.Category);
            severities.Add(items[i].Severity, result.Severity);
        }

        var figures = new CrossValidation(Folds, categories.MacroF1(), severities.Recall(Severity.S1), severities.Precision(Severity.S1), severities.Accuracy);
        return (figures, s1Threshold, s2Threshold);
    }

    // The highest P(S1) that still finds the target share of S1 items out of fold: false alarms cost less than misses.
    private static double ChooseS1Threshold(IReadOnlyList<TrainingItem> items, ModelPrediction[] predictions)
    {
        var s1 = items.Select((item, i) => (item, p: predictions[i].Severity[0]))
            .Where(x => x.item.Severity == Severity.S1)
            .Select(x => x.p)
            .OrderByDescending(p => p)
            .ToList();
        if (s1.Count == 0)
        {
            return 0.5;
        }

        var mustFind = (int)Math.Ceiling(S1RecallTarget * s1.Count);
        return Math.Min(0.5, s1[mustFind - 1]);
    }

    // S2 over S3 where the cost of a missed S2 outweighs a false S2; ties go to the higher threshold.
    private static double ChooseS2Threshold(IReadOnlyList<TrainingItem> items, ModelPrediction[] predictions)
    {
        var rows = items.Select((item, i) => (item.Severity, q: S2Share(predictions[i])))
            .Where(x => x.Severity != Severity.S1)
            .ToList();
        var best = 0.5;
        var bestCost = double.MaxValue;
        for (var t = 0.95; t >= 0.05; t -= 0.01)
        {
            var cost = rows.Sum(r => r.Severity == Severity.S2 && r.q < t ? MissedS2Cost : r.Severity == Severity.S3 && r.q >= t ? 1 : 0);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = Math.Round(t, 2);
            }
        }

        return best;
    }

    internal static double S2Share(ModelPrediction prediction) =>
        prediction.Severity[1] / Math.Max(1e-9, prediction.Severity[1] + prediction.Severity[2]);

    // Stratified by label so each fold sees S1 items; deterministic so the same data gives the same folds.
    private static int[] AssignFolds(IReadOnlyList<TrainingItem> items)
    {
        var folds = new int[items.Count];
        var order = Enumerable.Range(0, items.Count)
            .OrderBy(i => items[i].Severity)
            .ThenBy(i => items[i].Category)
            .ThenBy(i => StableHash(items[i].Id))
            .ToList();
        for (var k = 0; k < order.Count; k++)
        {
            folds[order[k]] = k % Folds;
        }

        return folds;
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static (ITransformer Category, ITransformer Severity) Fit(MLContext ml, IReadOnlyList<TrainingItem> items)
    {
        var categoryRows = ml.Data.LoadFromEnumerable(items.Select(i => new CategoryRow { Text = i.Text, Embedding = TriageModel.Weighted(i.Embedding), Label = (uint)i.Category }));
        var severityRows = ml.Data.LoadFromEnumerable(items.Select(i => new SeverityRow { Text = i.Text, Embedding = TriageModel.Weighted(i.Embedding), Label = (uint)i.Severity - 1 }));
        return (Pipeline(ml).Fit(categoryRows), Pipeline(ml).Fit(severityRows));
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml)
    {
        var text = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        return ml.Transforms.Text.FeaturizeText("NGrams", text, nameof(CategoryRow.Text))
            .Append(ml.Transforms.Concatenate("Features", "NGrams", nameof(CategoryRow.Embedding)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 200,

                // Chosen by 5-fold cross-validation on the shared labelled set (the default regularises
                // a few hundred items into predicting the biggest class).
                L2Regularization = 1e-4f,
            }));
    }

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : string.Concat(flat.AsSpan(0, ExcerptLength - 1), "…");
    }
}
