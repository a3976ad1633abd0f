using Support.Adapters.Triage;
using Support.Core.Domain;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Xunit;

namespace Support.Tests.Adapters.Triage;

/// <summary>The app's triage (rules + the built-in model) on wordings the rules alone miss, and what it shows staff.</summary>
public sealed class HybridTriageTests
{
    // One per process: the embedding model and the built-in triage model load once.
    private static readonly HybridTriageEngine Engine = new(new PolicyTriageEngine(TriagePolicyLoader.Default), new TriageModelHolder());

    private static TriageResult Classify(Channel channel, string subject, string body) =>
        Engine.Classify(new TriageInput(channel, subject, body, null, "ops@harbour-board.example", new Dictionary<string, string>()));

    [Fact]
    public void Data_silently_replaced_after_a_routine_job_is_S1_though_no_outage_word_is_used()
    {
        var result = Classify(Channel.Email, "Our tables look different today",
            "Hello, the weekly refresh ran overnight and every value in our published rainfall tables is now from 2019. "
            + "The current readings are nowhere, in the catalogue or the API, and the public is using these pages.");

        Assert.Equal(Severity.S1, result.Severity);
        Assert.Equal(Category.Technical, result.Category);
    }

    [Fact]
    public void The_why_carries_the_rules_the_model_probabilities_and_three_similar_labelled_items()
    {
        var result = Classify(Channel.Web, "Portal down", "Our production portal returns 503 for every page since 9:00 and nobody can reach it.");

        var why = Assert.IsType<TriageExplanation>(result.Explanation);
        Assert.NotEmpty(why.Rules);
        Assert.Equal(["technical", "business", "question", "feature-request", "onboarding"], why.CategoryProbabilities.Keys);
        Assert.Equal(["S1", "S2", "S3"], why.SeverityProbabilities.Keys);
        Assert.InRange(why.SeverityProbabilities.Values.Sum(), 0.99, 1.01);
        Assert.Equal(3, why.Similar.Count);
        Assert.All(why.Similar, s => Assert.False(string.IsNullOrEmpty(s.Category) || string.IsNullOrEmpty(s.Severity) || string.IsNullOrEmpty(s.Excerpt)));
        Assert.True(why.Similar[0].Similarity >= why.Similar[^1].Similarity);
        Assert.Equal(SentenceEmbedder.Dimensions, why.Embedding?.Length);
        Assert.Equal(Severity.S1, result.Severity);
        Assert.Contains(result.Reasons, r => r.StartsWith("severity S1:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quote_request_stays_a_business_S3()
    {
        var result = Classify(Channel.Web, "Quote for two more departments", "Could you send us a quote for adding two departments with five editors each next year?");

        Assert.Equal(Category.Business, result.Category);
        Assert.Equal(Severity.S3, result.Severity);
    }

    [Fact]
    public void The_why_shows_the_S1_threshold_within_a_tenth_of_its_value_however_small()
    {
        var result = Classify(Channel.Web, "Quote for two more departments", "Could you send us a quote for adding two departments with five editors each next year?");

        var threshold = Assert.IsType<TriageExplanation>(result.Explanation).S1Threshold;
        var reason = Assert.Single(result.Reasons, r => r.StartsWith("severity S3: model P(S1) ", StringComparison.Ordinal));
        var shown = double.Parse(System.Text.RegularExpressions.Regex.Match(reason, " below ([0-9.]+)%;").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 100;
        Assert.InRange(Math.Abs(shown - threshold), 0, threshold / 10);
    }

    [Fact]
    public void The_policy_caps_hold_whoever_raised_the_severity()
    {
        var result = Classify(Channel.Web, "Everything gone on the test portal",
            "All datasets vanished from our test environment after the nightly job. Production is fine.");

        Assert.NotEqual(Severity.S1, result.Severity);
    }
}
