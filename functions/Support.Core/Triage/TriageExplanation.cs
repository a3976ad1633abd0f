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

/// <summary>An open ticket from the same organisation whose message is very similar: perhaps the same problem, offered for merge.</summary>
public sealed record PossibleDuplicate(string Reference, string Subject, double Similarity);

/// <summary>
/// Finds open tickets from the same organisation (the requester's mail domain) very similar to a ticket.
/// Asked when someone reads the ticket, not during triage: the answer is current (a ticket closed since
/// is no longer offered, one opened since is), and intake pays nothing for it.
/// </summary>
public interface IPossibleDuplicates
{
    Task<IReadOnlyList<PossibleDuplicate>> FindAsync(Domain.Ticket ticket, CancellationToken cancellationToken);
}
