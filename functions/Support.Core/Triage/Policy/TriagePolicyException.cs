namespace Support.Core.Triage.Policy;

/// <summary>A triage policy that cannot be used, with every problem found in it.</summary>
public sealed class TriagePolicyException : Exception
{
    public TriagePolicyException(string source, IReadOnlyList<string> problems)
        : base($"The triage policy {source} is invalid:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}")
    {
        Problems = problems;
    }

    public TriagePolicyException()
    {
        Problems = [];
    }

    public TriagePolicyException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public TriagePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }
}
