namespace Support.Core.Ports;

/// <summary>Which weeks' papercut mail went out (by the week's Monday), so a re-run or a second instance never sends it twice.</summary>
public interface IPapercutLog
{
    /// <summary>Claims the week starting <paramref name="monday"/>; false when it is claimed or sent already.</summary>
    Task<bool> TryClaimAsync(DateOnly monday, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed send, so a later run tries again.</summary>
    Task ReleaseAsync(DateOnly monday, CancellationToken cancellationToken);
}
