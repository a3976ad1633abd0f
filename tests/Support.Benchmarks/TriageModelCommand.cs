using System.Diagnostics;
using System.Globalization;
using Support.Adapters.Triage;
using Support.Core.Triage;
using Support.Core.Triage.Policy;

namespace Support.Benchmarks;

/// <summary>
/// <c>triage-model [FILE]</c>: in a fresh process, how long the embedding model and the built-in triage
/// model take to load, the per-item latency of the hybrid triage over a labelled file on one thread
/// after warm-up (default: the fresh held-out set), and the process's resident memory afterwards.
/// Targets: load ≤ 1 s, p99 ≤ 50 ms, RSS ≤ 700 MB.
/// </summary>
public sealed class TriageModelCommand : IBenchmarkCommand
{
    public string Name => "triage-model";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(Support.Local.Hosting.RepoRoot.Find(), "tests", "Support.Tests", "Triage", "Data", "fresh-holdout.jsonl");
        var rows = TriageTrainingSet.ParseLines(File.ReadLines(path), path, Console.Error.WriteLine);

        var load = Stopwatch.StartNew();
        _ = SentenceEmbedder.Shared;
        _ = TriageModelHolder.BuiltIn;
        load.Stop();

        var engine = new HybridTriageEngine(new PolicyTriageEngine(TriagePolicyLoader.Default), new TriageModelHolder());
        foreach (var row in rows.Take(10))
        {
            engine.Classify(row.Input);
        }

        var times = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var row in rows)
            {
                var watch = Stopwatch.StartNew();
                engine.Classify(row.Input);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var rssMb = Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load_ms={load.Elapsed.TotalMilliseconds:0} p50_ms={Percentile(times, 0.50):0.0} p99_ms={Percentile(times, 0.99):0.0} rss_mb={rssMb:0} n={times.Count}"));
        return Task.FromResult(0);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
