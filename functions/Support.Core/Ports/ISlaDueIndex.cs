namespace Support.Core.Ports;

/// <summary>What the sweep must do for a target at a moment.</summary>
public enum SlaAction
{
    /// <summary>75% of the target has passed.</summary>
    Warn75,

    /// <summary>15 minutes are left.</summary>
    Warn15,

    Breach,
}

/// <summary>One moment at which a ticket's target needs the sweep; a hint only, checked against the ticket.</summary>
public sealed record SlaDueEntry(DateTimeOffset At, string Reference, string Target, SlaAction Action);

/// <summary>
/// The due index: ticket targets by the time they next need attention, so the sweep reads only
/// what is due. Entries are written before the ticket is saved and never updated in place: one
/// that no longer matches its ticket is harmless and the sweep drops it.
/// </summary>
public interface ISlaDueIndex
{
    Task AddAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries due at or before <paramref name="upTo"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<SlaDueEntry>> DueAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken);

    /// <summary>Removes entries; ones already gone (an overlapping run removed them) are ignored.</summary>
    Task RemoveAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken);
}
