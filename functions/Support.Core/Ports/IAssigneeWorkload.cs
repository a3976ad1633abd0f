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
    /// The load of each of <paramref name="personIds"/> (ids compared case-insensitively), counted up to
    /// <paramref name="countUpTo"/> (a cap only needs to know whether it is reached). A ticket this instance saved
    /// just before counts. A person under <paramref name="countUpTo"/> may be answered from what this instance
    /// last read or wrote of them a few seconds ago, which another instance may have changed since: an assignment
    /// chosen on it carries the cap (<see cref="WorkloadChange.Cap"/>) and is checked against the stored count when
    /// it is recorded. A person at or over it is read from storage unless this instance read or wrote them in the last
    /// few seconds (staff free a place at human pace). A person with no tickets may be left out of the
    /// answer; the caller reads that as <see cref="AssigneeLoad.Idle"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue);
}
