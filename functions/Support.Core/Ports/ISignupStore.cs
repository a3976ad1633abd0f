using Support.Core.Welcome;

namespace Support.Core.Ports;

public interface ISignupStore
{
    /// <summary>Stores <paramref name="signup"/> unless its email is already signed up; returns the stored signup and whether it is new.</summary>
    Task<(Signup Signup, bool Created)> AddAsync(Signup signup, CancellationToken cancellationToken);

    Task<Signup?> GetAsync(string email, CancellationToken cancellationToken);

    /// <summary>Signups not welcomed yet that signed up at or before <paramref name="signedUpBy"/>.</summary>
    Task<IReadOnlyList<Signup>> AwaitingWelcomeAsync(DateTimeOffset signedUpBy, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored signup only if it still has <see cref="Signup.ETag"/>; returns it with its
    /// new ETag, or null when someone else changed it first.
    /// </summary>
    Task<Signup?> TryUpdateAsync(Signup signup, CancellationToken cancellationToken);
}
