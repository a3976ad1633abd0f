using Support.Core.Roster;

namespace Support.Core.Ports;

public interface IRosterStore
{
    /// <summary>The roster for assignment and routing; may be a few seconds old.</summary>
    Task<RosterDocument> GetAsync(CancellationToken cancellationToken);

    /// <summary>The stored roster read fresh, with its version for <see cref="SaveAsync"/>; an empty roster and no version when none is stored.</summary>
    Task<VersionedRoster> GetForEditAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the roster if it is still at version <paramref name="ifMatch"/>; with no version, only
    /// when no roster is stored yet. A roster changed meanwhile is never overwritten.
    /// </summary>
    /// <param name="savedBy">Who saves it (a roster id, <c>integration:&lt;name&gt;</c>, or <c>system</c> for the seed), kept with it.</param>
    Task<RosterSave> SaveAsync(RosterDocument roster, string savedBy, string? ifMatch, CancellationToken cancellationToken);
}

/// <param name="SavedBy">Who saved this version; null when none is stored.</param>
public sealed record VersionedRoster(RosterDocument Roster, string? ETag, string? SavedBy = null);

/// <summary>What a save did: <c>Saved</c> with the new version, or why not (<c>Stale</c> with the roster as it is now).</summary>
public sealed record RosterSave(RosterSaveStatus Status, VersionedRoster? Current)
{
    public static RosterSave Saved(VersionedRoster saved) => new(RosterSaveStatus.Saved, saved);

    public static RosterSave Stale(VersionedRoster current) => new(RosterSaveStatus.Stale, current);

    public static RosterSave VersionRequired { get; } = new(RosterSaveStatus.VersionRequired, null);
}

public enum RosterSaveStatus
{
    Saved,

    /// <summary>Someone saved a roster since the version given.</summary>
    Stale,

    /// <summary>A roster is stored, and no version was given.</summary>
    VersionRequired,
}
