namespace Support.Core.Ports;

/// <summary>
/// What staff said about two of a customer's keys (email addresses, E.164 numbers): they belong to the
/// same person (<see cref="Linked"/>), or they do not, whatever a ticket giving both suggests.
/// </summary>
public sealed record ContactLink(string Key, string Other, bool Linked, string By, DateTimeOffset At);

public interface IContactLinks
{
    /// <summary>Every link or unlink staff recorded with <paramref name="key"/> on either side, as seen from it.</summary>
    Task<IReadOnlyList<ContactLink>> ForAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="link"/> for both of its keys, replacing what was said of the pair before.</summary>
    Task SetAsync(ContactLink link, CancellationToken cancellationToken);
}
