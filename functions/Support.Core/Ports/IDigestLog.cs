namespace Support.Core.Ports;

/// <summary>Which days' digest mail went out, so a re-run or a second instance never sends it twice.</summary>
public interface IDigestLog
{
    /// <summary>Claims <paramref name="day"/>'s digest; false when it is claimed or sent already.</summary>
    Task<bool> TryClaimAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed send, so a later run tries again.</summary>
    Task ReleaseAsync(DateOnly day, CancellationToken cancellationToken);
}
