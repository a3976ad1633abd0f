using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>The triage correction log in memory: one correction per reference, field and time.</summary>
public sealed class InMemoryCorrectionLog : ICorrectionLog
{
    private readonly Dictionary<(string Reference, string Field, DateTimeOffset At), TriageCorrection> _corrections = [];
    private readonly Lock _lock = new();

    public Task RecordAsync(TriageCorrection correction, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _corrections[(correction.Reference, correction.Field, correction.At)] = correction;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TriageCorrection>> ListAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TriageCorrection>>([.. _corrections.Values.Where(c => c.At >= since).OrderByDescending(c => c.At).Take(max)]);
        }
    }
}

/// <summary>The daily digest's claims in memory.</summary>
public sealed class InMemoryDigestLog : IDigestLog
{
    public HashSet<DateOnly> Claimed { get; } = [];

    public Task<bool> TryClaimAsync(DateOnly day, CancellationToken cancellationToken) => Task.FromResult(Claimed.Add(day));

    public Task ReleaseAsync(DateOnly day, CancellationToken cancellationToken)
    {
        Claimed.Remove(day);
        return Task.CompletedTask;
    }
}
