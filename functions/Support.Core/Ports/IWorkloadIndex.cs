namespace Support.Core.Ports;

/// <summary>
/// The workload kept as an index that every ticket save feeds (see
/// <c>TicketWriter</c>), so reading it costs the same however many tickets there are.
/// </summary>
public interface IWorkloadIndex : IAssigneeWorkload
{
    /// <summary>Records one ticket's change. Recording the same change again leaves the index as it was.</summary>
    Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken);
}

/// <summary>What a ticket's save changes in the workload.</summary>
/// <param name="Reference">The ticket.</param>
/// <param name="NoLongerActiveFor">Whose active ticket it stops being; null when nobody's count loses it.</param>
/// <param name="ActiveFor">Whose active ticket it is now (its assignee while it waits on us); null when nobody's.</param>
/// <param name="Assigned">The assignment the save makes, which becomes that person's latest; null when it makes none.</param>
public sealed record WorkloadChange(string Reference, string? NoLongerActiveFor, string? ActiveFor, WorkloadAssignment? Assigned);

public sealed record WorkloadAssignment(string PersonId, DateTimeOffset At);
