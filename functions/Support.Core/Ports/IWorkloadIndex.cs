namespace Support.Core.Ports;

/// <summary>
/// The workload kept as an index that every ticket save feeds (see
/// <c>TicketWriter</c>), so reading it costs the same however many tickets there are.
/// </summary>
public interface IWorkloadIndex : IAssigneeWorkload
{
    /// <summary>
    /// Records one ticket's change. Recording the same change again leaves the index as it was. A change with a
    /// <see cref="WorkloadChange.Cap"/> is refused with <see cref="WorkloadCapReachedException"/>, and nothing
    /// recorded, when the ticket would be one more than the cap for <see cref="WorkloadChange.ActiveFor"/>.
    /// </summary>
    Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken);
}

/// <summary>What a ticket's save changes in the workload.</summary>
/// <param name="Reference">The ticket.</param>
/// <param name="NoLongerActiveFor">Whose active ticket it stops being; null when nobody's count loses it.</param>
/// <param name="ActiveFor">Whose active ticket it is now (its assignee while it waits on us); null when nobody's.</param>
/// <param name="Assigned">The assignment the save makes, which becomes that person's latest; null when it makes none.</param>
public sealed record WorkloadChange(string Reference, string? NoLongerActiveFor, string? ActiveFor, WorkloadAssignment? Assigned)
{
    /// <summary>
    /// The most active tickets <see cref="ActiveFor"/> may hold with this one, when the assignment was chosen because
    /// they were under it: their load was read before, and another assignment may have taken the last place since.
    /// Null when the change holds whatever their load (a hand assignment, the on-duty person taking it over their cap).
    /// </summary>
    public int? Cap { get; init; }
}

public sealed record WorkloadAssignment(string PersonId, DateTimeOffset At);

/// <summary>The person a change makes a ticket active for holds their cap of active tickets already: choose again.</summary>
public sealed class WorkloadCapReachedException(string personId, int cap)
    : Exception($"The chosen assignee holds their cap of {cap} active tickets already.")
{
    public string PersonId { get; } = personId;
}
