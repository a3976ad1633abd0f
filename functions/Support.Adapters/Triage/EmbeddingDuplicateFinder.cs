using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

/// <summary>
/// Possible duplicates by sentence embedding: open tickets (new, open or pending) whose requester
/// shares the mail domain of this inquiry's requester and whose subject and message are at least
/// <see cref="MinSimilarity"/> similar. Voice inquiries and free-mail domains have no organisation.
/// </summary>
public sealed class EmbeddingDuplicateFinder(ITicketStore tickets, IBlobStore blobs) : IPossibleDuplicates
{
    public const double MinSimilarity = 0.8;
    private const int MaxCandidates = 200;
    private const int MaxShown = 3;

    private static readonly HashSet<string> FreeMail = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.net", "gmx.de", "web.de",
    };

    public async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(Inquiry inquiry, string body, CancellationToken cancellationToken)
    {
        if (OrganisationOf(inquiry.Requester.Email) is not { } organisation)
        {
            return [];
        }

        var candidates = new List<Ticket>();
        foreach (var status in new[] { TicketStatus.New, TicketStatus.Open, TicketStatus.Pending })
        {
            var page = await tickets.ListAsync(new TicketQuery { Status = status, PageSize = MaxCandidates }, cancellationToken);
            candidates.AddRange(page.Items.Where(t => t.Reference != inquiry.Reference && OrganisationOf(t.Requester.Email) == organisation));
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var embedder = SentenceEmbedder.Shared;
        var mine = embedder.Embed(SentenceEmbedder.TextOf(inquiry.Subject, body));
        var found = new List<PossibleDuplicate>();
        foreach (var ticket in candidates)
        {
            if (await tickets.GetInquiryAsync(ticket.Reference, cancellationToken) is not { } other)
            {
                continue;
            }

            var text = SentenceEmbedder.TextOf(other.Subject, await IntakeHandler.ReadBodyAsync(other, blobs, cancellationToken));
            var similarity = SentenceEmbedder.Cosine(mine, embedder.Embed(text));
            if (similarity >= MinSimilarity)
            {
                found.Add(new PossibleDuplicate(ticket.Reference, ticket.Subject, Math.Round(similarity, 3)));
            }
        }

        return [.. found.OrderByDescending(d => d.Similarity).Take(MaxShown)];
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
