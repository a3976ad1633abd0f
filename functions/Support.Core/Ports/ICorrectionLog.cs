namespace Support.Core.Ports;

/// <summary>A staff correction of triage, kept apart from the tickets so triage can be tuned against all of them at once.</summary>
public sealed record TriageCorrection(string Reference, string Field, string From, string To, string By, DateTimeOffset At);

public interface ICorrectionLog
{
    /// <summary>Stores the correction; storing the same one again (same reference, field and time) changes nothing.</summary>
    Task RecordAsync(TriageCorrection correction, CancellationToken cancellationToken);

    /// <summary>Corrections made at or after <paramref name="since"/>, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<TriageCorrection>> ListAsync(DateTimeOffset since, int max, CancellationToken cancellationToken);
}
