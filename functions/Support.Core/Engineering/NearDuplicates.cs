using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Triage;

namespace Support.Core.Engineering;

/// <summary>A ticket about the same problem as another, and how similar their messages are.</summary>
public sealed record NearDuplicate(Ticket Ticket, double Similarity);

/// <summary>
/// Tickets of any organisation about the same problem as a ticket (<see cref="Embeddings.NearDuplicate"/>), among those
/// engineering tracks already: the engineering queue asks, off intake, with the embeddings triage stored. Across
/// organisations on purpose: engineering cares about one problem however many customers report it (the console's merge
/// offers stay within one organisation: a merge joins conversations, this only joins an issue or a topic).
/// </summary>
public static class NearDuplicates
{
    /// <summary>The most recent tickets of the category compared: a team's open problems are among them many times over.</summary>
    public const int Candidates = 200;

    public static async Task<IReadOnlyList<NearDuplicate>> FindAsync(ITicketStore store, Ticket ticket, Func<Ticket, bool> tracked, CancellationToken cancellationToken)
    {
        if (Embeddings.Decode(ticket.TriageEmbedding) is not { } mine)
        {
            return [];
        }

        var page = await store.ListAsync(new TicketQuery { Category = ticket.Category, PageSize = Candidates }, cancellationToken);
        return [.. page.Items
            .Where(t => t.Reference != ticket.Reference && t.MergedInto is null && tracked(t))
            .Select(t => Embeddings.Decode(t.TriageEmbedding) is { } theirs ? new NearDuplicate(t, Math.Round(Embeddings.Cosine(mine, theirs), 3)) : null)
            .OfType<NearDuplicate>()
            .Where(d => d.Similarity >= Embeddings.NearDuplicate)
            .OrderByDescending(d => d.Similarity)];
    }
}
