using BenchmarkDotNet.Attributes;
using Support.Adapters.Triage;
using Support.Core.Domain;
using Support.Core.Triage;
using Support.Core.Triage.Policy;

namespace Support.Benchmarks;

/// <summary>
/// One inquiry through the app's hybrid triage (rules, sentence embedding, both linear models, the
/// three most similar labelled items), after warm-up. <c>-- --filter *HybridTriage*</c>; load time,
/// p99 and memory: <c>-- triage-model</c>.
/// </summary>
[MemoryDiagnoser]
public class HybridTriageBenchmarks
{
    private static readonly TriageInput Inquiry = new(
        Channel.Email,
        "Where did our datasets go?",
        "Hi, this morning the nightly sync ran as usual and now the transport section of our catalogue has 3 datasets "
        + "instead of 212. No errors in the job log, it says completed. The public pages just show no results.",
        null,
        "maria@eastbrook.example",
        new Dictionary<string, string>());

    private HybridTriageEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new HybridTriageEngine(new PolicyTriageEngine(TriagePolicyLoader.Default), new TriageModelHolder());
        _engine.Classify(Inquiry);
    }

    [Benchmark]
    public TriageResult Classify() => _engine.Classify(Inquiry);
}
