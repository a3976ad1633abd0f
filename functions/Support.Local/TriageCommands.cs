using Support.Adapters;
using Support.Adapters.Triage;
using Support.Core;
using Support.Core.Triage;
using Support.Core.Triage.Evaluation;
using Support.Core.Triage.Policy;
using Support.Local.Hosting;

/// <summary>
/// <c>triage-eval FILE</c> with the app's hybrid engine, and <c>triage-train [FILE…] [--output MODEL.zip]</c>:
/// retrain from labelled files (default <c>../shared/triage/labelled.jsonl</c>) plus the corrections in
/// local storage, and store the model in Azurite if it is not worse; with <c>--output</c>, train from the
/// files alone and write the model to a file (how the app's built-in model is made).
/// </summary>
public static class TriageCommands
{
    public static int Eval(string[] args) =>
        TriageEvalCommand.Run(args, Console.Out, Console.Error, new HybridTriageEngine(new PolicyTriageEngine(TriagePolicyLoader.Default), new TriageModelHolder()));

    /// <summary>
    /// <c>triage-duplicates [FILE]</c>: how similar the labelled set's inquiries are to each other by sentence embedding,
    /// which is how the near-duplicate threshold (<see cref="Support.Core.Triage.Embeddings.NearDuplicate"/>) was chosen: pairs labelled
    /// with different categories are certainly different problems, so the threshold sits above the most similar of them;
    /// the technical pairs above it are printed for a person to judge.
    /// </summary>
    public static int Duplicates(string[] args)
    {
        var file = args.FirstOrDefault() ?? Path.Combine(RepoRoot.Find(), "..", "shared", "triage", "labelled.jsonl");
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"triage-duplicates: cannot read {file}");
            return TriageEvalCommand.BadInput;
        }

        var rows = TriageTrainingSet.ParseLines(File.ReadLines(file), file, Console.Error.WriteLine).ToList();
        var vectors = rows.Select(r => SentenceEmbedder.Shared.Embed(SentenceEmbedder.TextOf(r.Input.Subject, r.Input.Body))).ToList();
        var pairs = new List<(double Similarity, LabelledInquiry A, LabelledInquiry B)>();
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = i + 1; j < rows.Count; j++)
            {
                pairs.Add((SentenceEmbedder.Cosine(vectors[i], vectors[j]), rows[i], rows[j]));
            }
        }

        var different = pairs.Where(p => p.A.Category != p.B.Category).Select(p => p.Similarity).Order().ToList();
        var technical = pairs.Where(p => p.A.Category == Support.Core.Domain.Category.Technical && p.B.Category == Support.Core.Domain.Category.Technical).OrderByDescending(p => p.Similarity).ToList();
        Console.WriteLine($"{rows.Count} inquiries, {pairs.Count} pairs; {different.Count} pairs of different categories");
        Console.WriteLine($"different categories: max {different[^1]:0.000}, 99.9th percentile {different[(int)(different.Count * 0.999)]:0.000}, 99th {different[(int)(different.Count * 0.99)]:0.000}");
        foreach (var threshold in new[] { 0.6, 0.65, 0.7, 0.75, 0.8, 0.85 })
        {
            Console.WriteLine($"at {threshold:0.00}: {different.Count(s => s >= threshold)} different-category pairs, {technical.Count(p => p.Similarity >= threshold)} technical pairs");
        }

        Console.WriteLine("most similar technical pairs:");
        foreach (var (similarity, a, b) in technical.Take(int.TryParse(args.ElementAtOrDefault(1), out var shown) ? shown : 15))
        {
            Console.WriteLine($"{similarity:0.000}  {a.Id} \"{a.Input.Subject}\" | {b.Id} \"{b.Input.Subject}\"");
        }

        return TriageEvalCommand.Ok;
    }

    public static async Task<int> TrainAsync(string[] args)
    {
        var files = new List<string>();
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--output" && i + 1 < args.Length)
            {
                output = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("usage: triage-train [labelled.jsonl ...] [--output model.zip]");
                return TriageEvalCommand.Usage;
            }
            else
            {
                files.Add(args[i]);
            }
        }

        if (files.Count == 0)
        {
            files.Add(Path.Combine(RepoRoot.Find(), "..", "shared", "triage", "labelled.jsonl"));
        }

        var labelled = new List<LabelledInquiry>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"triage-train: cannot read {file}");
                return TriageEvalCommand.BadInput;
            }

            labelled.AddRange(TriageTrainingSet.ParseLines(File.ReadLines(file), file, Console.Error.WriteLine));
        }

        return output is null ? await TrainIntoStorageAsync(labelled) : TrainIntoFile(labelled, output);
    }

    private static int TrainIntoFile(IReadOnlyList<LabelledInquiry> labelled, string output)
    {
        var items = TriageModelTrainer.Prepare([.. labelled.Select(row => (row, false))]);
        var run = new TriageModelTrainer(new PolicyTriageEngine(TriagePolicyLoader.Default)).Train(items, TimeProvider.System);
        Console.WriteLine($"trained on {items.Count} items; 5-fold cross-validated: {run.Candidate} "
            + $"(S1 threshold {run.Model.Info.S1Threshold:0.000}, S2 threshold {run.Model.Info.S2Threshold:0.000})");
        using (var file = File.Create(output))
        {
            run.Model.Save(file, new Microsoft.ML.MLContext(seed: 1));
        }

        Console.WriteLine($"wrote {output}");
        return TriageEvalCommand.Ok;
    }

    private static async Task<int> TrainIntoStorageAsync(IReadOnlyList<LabelledInquiry> labelled)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddLocalSettings(RepoRoot.Find());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOptions<LocalOptions>().Bind(builder.Configuration.GetSection(LocalOptions.Section));
        builder.Services
            .AddSupportCore(builder.Configuration)
            .AddSupportAdapters(builder.Configuration)
            .AddStorageQueues();
        builder.Services.AddHostedService<StorageBootstrap>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // The model to beat is the newest accepted one, as the app would use it.
            await host.Services.GetRequiredService<TriageModelRefresher>().RefreshAsync(CancellationToken.None);
            // Not storing a worse model is a normal outcome, reported in the output, not a failure.
            await host.Services.GetRequiredService<TriageRetrainer>().RetrainAsync(labelled, Console.WriteLine, CancellationToken.None);
            return TriageEvalCommand.Ok;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
