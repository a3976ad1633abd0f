namespace Support.Core.Welcome;

/// <summary>
/// A new customer who signed up, and where their welcome mail stands. Keyed by the normalized
/// email address: the same address again is the same signup.
/// </summary>
public sealed record Signup
{
    public required string Email { get; init; }

    public required string Name { get; init; }

    public required string Plan { get; init; }

    public required DateTimeOffset SignedUpAt { get; init; }

    /// <summary>Who is sending the welcome mail right now, and since when (see <see cref="WelcomeMail.ClaimLease"/>).</summary>
    public string? WelcomeClaimId { get; init; }

    public DateTimeOffset? WelcomeClaimedAt { get; init; }

    /// <summary>When the welcome mail was dealt with: sent, or given up on (<see cref="WelcomeRejected"/>).</summary>
    public DateTimeOffset? WelcomedAt { get; init; }

    public string? WelcomeMessageId { get; init; }

    /// <summary>Why the mail was not delivered for good (invalid address, refused by SendGrid); null when it was sent.</summary>
    public string? WelcomeRejected { get; init; }

    /// <summary>The store's concurrency token; null for a signup not stored yet.</summary>
    public string? ETag { get; init; }

    public bool IsWelcomed => WelcomedAt is not null;
}
