using Support.Core.Replies;

namespace Support.Core.Ports;

/// <summary>The canned replies document, versioned so two managers editing at once never overwrite each other.</summary>
public interface IMacroStore
{
    /// <summary>The stored canned replies with their version; none and no version before the first save.</summary>
    Task<VersionedMacros> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the document if it is still at <paramref name="ifMatch"/> (none: only when nothing is stored); else says what is stored now.</summary>
    Task<MacroSave> SaveAsync(MacroDocument document, string? ifMatch, CancellationToken cancellationToken);
}

public sealed record VersionedMacros(MacroDocument Document, string? ETag);

/// <summary><c>Saved</c> with the new version, or not, with the document as it is now.</summary>
public sealed record MacroSave(bool Saved, VersionedMacros Current);
