namespace Support.Core.Ports;

/// <summary>A ticket linked to an issue, with a hash of its customer's key so affected customers are counted without personal data.</summary>
public sealed record IssueLink(string Repository, int Number, string Reference, string Customer);

/// <summary>Which tickets each GitHub issue stands for: what a webhook delivery is recorded on, and what counts affected customers.</summary>
public interface IEngineeringLinks
{
    /// <summary>Records the link (the same link twice is kept once).</summary>
    Task AddAsync(IssueLink link, CancellationToken cancellationToken);

    Task<IReadOnlyList<IssueLink>> ForIssueAsync(string repository, int number, CancellationToken cancellationToken);
}
