using Support.Core.Domain;

namespace Support.Core.Triage;

public sealed record TriageInput(
    Channel Channel,
    string Subject,
    string Body,
    Severity? DeclaredSeverity,
    string? RequesterEmail,
    IReadOnlyDictionary<string, string> Attributes,
    string? Tier = null);

public interface ITriageEngine
{
    TriageResult Classify(TriageInput input);

    /// <summary>
    /// The pipeline's way in: an engine with a costly step (the learned model's sentence embedding) waits
    /// for its turn here without holding a thread.
    /// </summary>
    ValueTask<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken) => ValueTask.FromResult(Classify(input));
}
