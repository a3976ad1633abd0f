using Support.Core.Domain;

namespace Support.Core.Ports;

/// <summary>
/// What the rotation handoff job remembers per role: the on-duty person it last handled, and
/// whether handing over to them is finished. One record per role.
/// </summary>
public sealed record RotationHandoffState
{
    public required SupportRole Role { get; init; }

    /// <summary>The person on duty when this record was written: the incoming person of the handoff.</summary>
    public required string OnDutyPersonId { get; init; }

    /// <summary>When the incoming person's turn began.</summary>
    public required DateTimeOffset TurnStart { get; init; }

    /// <summary>Whose tickets move; null for the first record of a fresh installation, which hands nothing over.</summary>
    public string? OutgoingPersonId { get; init; }

    /// <summary>The tickets are moved and the handoff mail is dealt with.</summary>
    public bool Completed { get; init; }

    /// <summary>When a run took on this handoff; another run may take it over once this is old enough.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>The store's concurrency token; null for a record not stored yet.</summary>
    public string? ETag { get; init; }
}

public interface IRotationHandoffStore
{
    Task<RotationHandoffState?> GetAsync(SupportRole role, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the record only if nobody else has since: with a null <see cref="RotationHandoffState.ETag"/>
    /// only when the role has no record yet, otherwise only when the stored record still has that
    /// ETag. Returns the record with its new ETag, or null when another run got there first.
    /// </summary>
    Task<RotationHandoffState?> TrySaveAsync(RotationHandoffState state, CancellationToken cancellationToken);
}
