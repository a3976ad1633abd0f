namespace Support.Benchmarks;

/// <summary>A named measurement (`-- twiml`, `-- sla-sweep`, `-- load`) that prints its figures, last line machine-readable.</summary>
public interface IBenchmarkCommand
{
    string Name { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
