using Microsoft.Extensions.Logging;
using Support.Core.Scheduling;
using Support.Core.Triage;
using Support.Core.Triage.Evaluation;

namespace Support.Adapters.Triage;

/// <summary>
/// Retrains the triage model from labelled sets plus staff corrections, reports 5-fold
/// cross-validated figures for the new model and for the current one's training data on the same
/// folds, and stores the new model (and starts using it) only if it loses neither S1 recall nor
/// category macro-F1. The weekly <c>TriageRetrain</c> timer runs it with the labelled sets kept in
/// Blob Storage; <c>triage-train</c> runs it locally with files.
/// </summary>
public sealed class TriageRetrainer(
    PolicyTriageEngine rules,
    TriageModelHolder models,
    BlobTriageModelStore store,
    TriageTrainingSet trainingSet,
    TimeProvider time,
    ILogger<TriageRetrainer> logger) : IScheduledJob
{
    public string Name => "TriageRetrain";

    public string ScheduleSetting => "TriageRetrainSchedule";

    // Sundays at 03:00 UTC, when nobody corrects tickets.
    public string DefaultSchedule => "0 0 3 * * 0";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var labelled = await store.ReadTrainingSetsAsync(line => logger.LogWarning("Triage retrain: {Problem}", line), cancellationToken);
        await RetrainAsync(labelled, line => logger.LogInformation("Triage retrain: {Line}", line), cancellationToken);
    }

    /// <returns>The stored model's blob name, or null when the new model was not better and nothing changed.</returns>
    public async Task<string?> RetrainAsync(IReadOnlyList<LabelledInquiry> labelled, Action<string> report, CancellationToken cancellationToken)
    {
        var corrected = await trainingSet.CorrectedTicketsAsync(cancellationToken);
        var rows = TriageTrainingSet.Merge(labelled, corrected);
        report($"training on {rows.Count} items: {labelled.Count} labelled, {corrected.Count} corrected tickets");
        if (rows.Count < TriageModelTrainer.Folds * 4)
        {
            report("too few items to cross-validate; the current model stays");
            return null;
        }

        var current = models.Current;
        var items = TriageModelTrainer.Prepare(rows);
        var run = new TriageModelTrainer(rules).Train(items, time, current);
        report($"new model {run.Model.Info.Version}, 5-fold cross-validated: {run.Candidate} "
            + $"(S1 threshold {run.Model.Info.S1Threshold:0.000}, S2 threshold {run.Model.Info.S2Threshold:0.000})");
        if (run.Current is { } before)
        {
            report($"current model {current.Info.Version} (retrained on its own items, or as it is where it saw none of a fold's training items), same folds: {before}");
        }

        if (!run.Accepted)
        {
            report("not stored: the new model would lower S1 recall or category macro-F1");
            return null;
        }

        var name = await store.SaveAsync(run.Model, cancellationToken);
        models.Use(run.Model);
        report($"stored {name} and in use");
        return name;
    }
}
