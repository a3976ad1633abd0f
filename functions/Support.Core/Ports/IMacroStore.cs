using Support.Core.Replies;

namespace Support.Core.Ports;

/// <summary>The canned replies document, versioned so two managers editing at once never overwrite each other.</summary>
public interface IMacroStore
{
    /// <summary>The stored canned replies with their version; none and no version before the first save.</summary>
    Task<VersionedMacros> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the document if it is still at <paramref name="ifMatch"/> (none: only when nothing is stored); else says what is stored now.</summary>
    /// <param name="savedBy">Who saves it (a manager's roster id or <c>integration:&lt;name&gt;</c>), kept with it.</param>
    Task<MacroSave> SaveAsync(MacroDocument document, string savedBy, string? ifMatch, CancellationToken cancellationToken);
}

/// <param name="SavedBy">Who saved this version; null before the first save.</param>
public sealed record VersionedMacros(MacroDocument Document, string? ETag, string? SavedBy = null);

/// <summary><c>Saved</c> with the new version, or not, with the document as it is now.</summary>
public sealed record MacroSave(bool Saved, VersionedMacros Current);
