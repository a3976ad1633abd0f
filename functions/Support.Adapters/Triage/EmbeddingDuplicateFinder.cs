using System.Runtime.InteropServices;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

/// <summary>
/// Possible duplicates by sentence embedding: among the most recent tickets, the open ones (new,
/// open or pending) whose requester shares this requester's mail domain and whose stored embedding
/// is at least <see cref="MinSimilarity"/> similar. One ticket query, no re-embedding. Voice
/// inquiries and free-mail domains have no organisation.
/// </summary>
public sealed class EmbeddingDuplicateFinder(ITicketStore tickets) : IPossibleDuplicates
{
    public const double MinSimilarity = 0.8;
    private const int Candidates = 100;
    private const int MaxShown = 3;

    private static readonly HashSet<string> FreeMail = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.net", "gmx.de", "web.de",
    };

    public async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(Inquiry inquiry, TriageExplanation explanation, CancellationToken cancellationToken)
    {
        if (OrganisationOf(inquiry.Requester.Email) is not { } organisation || explanation.Embedding is not { } mine)
        {
            return [];
        }

        var page = await tickets.ListAsync(new TicketQuery { PageSize = Candidates }, cancellationToken);
        return [.. page.Items
            .Where(t => t.Reference != inquiry.Reference
                && t.Status is TicketStatus.New or TicketStatus.Open or TicketStatus.Pending
                && t.TriageEmbedding is not null
                && OrganisationOf(t.Requester.Email) == organisation)
            .Select(t => (t, similarity: SentenceEmbedder.Cosine(mine, MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(t.TriageEmbedding!)))))
            .Where(x => x.similarity >= MinSimilarity)
            .OrderByDescending(x => x.similarity)
            .Take(MaxShown)
            .Select(x => new PossibleDuplicate(x.t.Reference, x.t.Subject, Math.Round(x.similarity, 3)))];
    }

    private static string? OrganisationOf(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return null;
        }

        var domain = email![(at + 1)..].Trim().ToLowerInvariant();
        return domain.Length == 0 || FreeMail.Contains(domain) ? null : domain;
    }
}
