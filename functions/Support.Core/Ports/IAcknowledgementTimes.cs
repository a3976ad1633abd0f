using Support.Core.Email;

namespace Support.Core.Ports;

/// <summary>When each address last got acknowledgements from us: what <see cref="AcknowledgementRateLimit"/> counts.</summary>
public interface IAcknowledgementTimes
{
    Task<AcknowledgementTimes> GetAsync(string address, CancellationToken cancellationToken);

    /// <summary>Saves the times only if nobody saved since <paramref name="previous"/> was read; false when someone did.</summary>
    Task<bool> TrySaveAsync(AcknowledgementTimes previous, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken);
}

/// <param name="ETag">The store's version of the row; null when the address has no row yet.</param>
public sealed record AcknowledgementTimes(string Address, IReadOnlyList<DateTimeOffset> Times, string? ETag);
