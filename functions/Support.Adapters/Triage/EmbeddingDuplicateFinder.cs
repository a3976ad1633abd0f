using System.Runtime.InteropServices;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Adapters.Triage;

/// <summary>
/// Possible duplicates by sentence embedding: among the organisation's most recent tickets, the open ones
/// (new, open or pending) whose stored embedding is at least <see cref="MinSimilarity"/> similar. One
/// ticket query filtered by organisation, no re-embedding.
/// </summary>
public sealed class EmbeddingDuplicateFinder(ITicketStore tickets) : IPossibleDuplicates
{
    public const double MinSimilarity = 0.8;
    private const int Candidates = 100;
    private const int MaxShown = 3;

    public async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (Organisation.Of(ticket.Requester.Email) is not { } organisation || ticket.TriageEmbedding is not { } stored)
        {
            return [];
        }

        var mine = Vector(stored).ToArray();
        var page = await tickets.ListAsync(new TicketQuery { Organisation = organisation, PageSize = Candidates }, cancellationToken);
        return [.. page.Items
            .Where(t => t.Reference != ticket.Reference
                && t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending
                && t.TriageEmbedding is not null)
            .Select(t => (t, similarity: SentenceEmbedder.Cosine(mine, Vector(t.TriageEmbedding!))))
            .Where(x => x.similarity >= MinSimilarity)
            .OrderByDescending(x => x.similarity)
            .Take(MaxShown)
            .Select(x => new PossibleDuplicate(x.t.Reference, x.t.Subject, Math.Round(x.similarity, 3)))];
    }

    private static ReadOnlySpan<float> Vector(string base64) => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(base64));
}
