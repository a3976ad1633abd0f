namespace Support.Core.Triage;

/// <summary>
/// Why the hybrid triage chose what it chose, kept on the ticket for staff: the rules that fired,
/// the learned model's probabilities beside the S1 threshold it was held to, and the most similar
/// past labelled inquiries or tickets with the labels people gave them.
/// </summary>
public sealed record TriageExplanation(
    IReadOnlyList<string> Rules,
    IReadOnlyDictionary<string, double> CategoryProbabilities,
    IReadOnlyDictionary<string, double> SeverityProbabilities,
    double S1Threshold,
    IReadOnlyList<SimilarInquiry> Similar,
    string Model)
{
    /// <summary>The inquiry's sentence embedding: kept with the ticket (not shown) so later inquiries compare without re-reading it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public float[]? Embedding { get; init; }
}

/// <summary>A past labelled inquiry or ticket close to this one (cosine similarity of sentence embeddings).</summary>
public sealed record SimilarInquiry(string Id, string Excerpt, string Category, string Severity, double Similarity);
