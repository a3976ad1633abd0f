namespace Support.Core.Ports;

/// <summary>How busy a person is, as far as assignment cares.</summary>
/// <param name="ActiveTickets">Tickets assigned to the person that wait on us (New or Open); Pending, Solved and Closed ones do not count. Exact below the count asked for, at least that count otherwise.</param>
/// <param name="LastAssignedAt">The latest time a ticket was assigned to the person (by assignment, handoff or hand), whatever became of it since; null when never.</param>
public sealed record AssigneeLoad(int ActiveTickets, DateTimeOffset? LastAssignedAt)
{
    public static AssigneeLoad Idle { get; } = new(0, null);
}

/// <summary>What the assignment policy needs to know from storage about the people it chooses between.</summary>
public interface IAssigneeWorkload
{
    /// <summary>
    /// The load of each of <paramref name="personIds"/> (ids compared case-insensitively), read
    /// fresh: a ticket saved just before must count. Active tickets are counted up to
    /// <paramref name="countUpTo"/> (a cap only needs to know whether it is reached), so an overloaded
    /// person costs no more to read than anyone else. A person with no tickets may be left out of the
    /// answer; the caller reads that as <see cref="AssigneeLoad.Idle"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue);
}
