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
}
