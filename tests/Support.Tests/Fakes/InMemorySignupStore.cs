using Support.Core.Ports;
using Support.Core.Welcome;

namespace Support.Tests.Fakes;

/// <summary>The signup store in memory, with the table store's semantics (insert-or-get, ETag-guarded replace).</summary>
public sealed class InMemorySignupStore : ISignupStore
{
    private readonly Dictionary<string, Signup> _signups = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _version;

    /// <summary>When set, what <see cref="AwaitingWelcomeAsync"/> answers: a listing read before another run changed the rows.</summary>
    public IReadOnlyList<Signup>? StaleListing { get; set; }

    public Task<(Signup Signup, bool Created)> AddAsync(Signup signup, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_signups.TryGetValue(signup.Email, out var existing))
            {
                return Task.FromResult((existing, false));
            }

            var stored = signup with { ETag = Next() };
            _signups[signup.Email] = stored;
            return Task.FromResult((stored, true));
        }
    }

    public Task<Signup?> GetAsync(string email, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_signups.GetValueOrDefault(email));
        }
    }

    public Task<IReadOnlyList<Signup>> AwaitingWelcomeAsync(DateTimeOffset signedUpBy, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(StaleListing ?? [.. _signups.Values.Where(s => !s.IsWelcomed && s.SignedUpAt <= signedUpBy)]);
        }
    }

    public Task<Signup?> TryUpdateAsync(Signup signup, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_signups.TryGetValue(signup.Email, out var stored) || stored.ETag != signup.ETag)
            {
                return Task.FromResult<Signup?>(null);
            }

            var updated = signup with { ETag = Next() };
            _signups[signup.Email] = updated;
            return Task.FromResult<Signup?>(updated);
        }
    }

    private string Next() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
