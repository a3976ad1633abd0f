using Support.Core.Domain;

namespace Support.Core.Ports;

/// <summary>Finds tickets by what staff remember of them: the reference, the requester, the subject or words of any message.</summary>
public interface ITicketSearch
{
    /// <summary>Tickets matching <paramref name="text"/> (case-insensitive, anywhere in those fields), newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Ticket>> SearchAsync(string text, int max, CancellationToken cancellationToken);
}
