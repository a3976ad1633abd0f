namespace Support.Core.Ports;

/// <summary>An open ticket from the same organisation whose message is very similar: perhaps the same problem, offered for merge.</summary>
public sealed record PossibleDuplicate(string Reference, string Subject, double Similarity);

/// <summary>
/// Finds open tickets from the same organisation (the requester's mail domain) very similar to a ticket.
/// Asked when someone reads the ticket, not during triage: the answer is current (a ticket closed since
/// is no longer offered, one opened since is), and intake pays nothing for it.
/// </summary>
public interface IPossibleDuplicates
{
    Task<IReadOnlyList<PossibleDuplicate>> FindAsync(Domain.Ticket ticket, CancellationToken cancellationToken);
}
