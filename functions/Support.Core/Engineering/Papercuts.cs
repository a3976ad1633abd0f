using Support.Core.Domain;
using Support.Core.Triage;

namespace Support.Core.Engineering;

/// <summary>One example ticket of a theme.</summary>
public sealed record PapercutExample(string Reference, string Subject, string Status);

/// <summary>
/// A theme of small, frequent annoyances: tickets of one category and product sharing key phrases, with how many
/// customers it touched, how often, how long it took to handle, and whether engineering already tracks it.
/// </summary>
public sealed record PapercutTheme(
    string Category,
    string? Product,
    IReadOnlyList<string> KeyPhrases,
    int Tickets,
    int Customers,
    double HandlingHours,
    double Score,
    IReadOnlyList<PapercutExample> Examples,
    IReadOnlyList<string> GitHubIssues,
    IReadOnlyList<string> ForumTopics);

/// <summary>The period's papercuts, the five worst first, and the share of cases that needed engineering's help.</summary>
public sealed record PapercutReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Tickets,
    IReadOnlyList<PapercutTheme> Themes,
    int EngineeringHelp,
    double? EngineeringHelpRate);

/// <summary>A ticket with the product its inquiry named (tickets do not keep it).</summary>
public sealed record PapercutCandidate(Ticket Ticket, string? Product);

/// <summary>
/// Groups a period's S2 and S3 tickets into themes of one category and product: by meaning where triage kept the
/// ticket's embedding (at least <see cref="Embeddings.SameTheme"/> similar to the theme's centroid, so "dashboards take a
/// minute" and "reports load slowly" meet), else by key phrases (at least two significant words of the subject in
/// common with the theme), as when triage ran on rules alone. Themes of one
/// ticket are no papercut. Ranked by customers × tickets × mean handling hours (creation to resolution, or to the
/// period's end while unresolved): what bothers many people, often, and costs the team time.
/// </summary>
public static class Papercuts
{
    public const int Top = 5;
    public const int ExamplesPerTheme = 3;

    public static PapercutReport Compute(IReadOnlyCollection<PapercutCandidate> candidates, DateTimeOffset from, DateTimeOffset to)
    {
        var inPeriod = candidates.Where(c => c.Ticket.CreatedAt >= from && c.Ticket.CreatedAt < to && c.Ticket.MergedInto is null).ToList();
        var small = inPeriod.Where(c => c.Ticket.Severity is Severity.S2 or Severity.S3).OrderBy(c => c.Ticket.CreatedAt).ToList();
        var themes = new List<Theme>();
        foreach (var candidate in small)
        {
            var words = KeyPhrases(candidate.Ticket.Subject);
            var product = candidate.Product?.Trim().ToLowerInvariant();
            var vector = Embeddings.Decode(candidate.Ticket.TriageEmbedding);
            var alike = themes.Where(t => t.Category == candidate.Ticket.Category && t.Product == product && t.ByMeaning == vector is not null);
            var theme = vector is null
                ? alike.FirstOrDefault(t => t.Shares(words))
                : alike.Select(t => (Theme: t, Similarity: t.Similarity(vector))).Where(x => x.Similarity >= Embeddings.SameTheme).OrderByDescending(x => x.Similarity).Select(x => x.Theme).FirstOrDefault();
            if (theme is null)
            {
                themes.Add(theme = new Theme(candidate.Ticket.Category, product, vector is not null));
            }

            theme.Add(candidate.Ticket, words, vector);
        }

        var helped = inPeriod.Count(c => c.Ticket.GitHub is not null);
        return new PapercutReport(
            from,
            to,
            small.Count,
            [.. themes.Where(t => t.Members.Count > 1).Select(t => t.Summarise(to)).OrderByDescending(t => t.Score).ThenByDescending(t => t.Tickets).Take(Top)],
            helped,
            inPeriod.Count == 0 ? null : Math.Round((double)helped / inPeriod.Count, 3));
    }

    /// <summary>The significant words of a subject, lower-cased, plural "s" dropped.</summary>
    public static IReadOnlySet<string> KeyPhrases(string subject)
    {
        var separators = subject.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray();
        return subject.ToLowerInvariant().Split(separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !Stop.Contains(w) && !w.All(char.IsDigit))
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "not", "our", "your", "you", "can", "cannot", "can't", "does", "doesn", "don", "won", "isn", "when", "what", "from", "into",
        "that", "this", "there", "have", "has", "was", "are", "all", "any", "please", "help", "urgent", "issue", "problem", "question", "again", "still",
    };

    /// <param name="byMeaning">Grouped by embedding (its tickets were triaged with the model), else by key phrases.</param>
    private sealed class Theme(Category category, string? product, bool byMeaning)
    {
        private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
        private float[]? _sum;

        public Category Category { get; } = category;

        public string? Product { get; } = product;

        public bool ByMeaning { get; } = byMeaning;

        /// <summary>How similar <paramref name="vector"/> is to the theme's centroid (the mean of its tickets' embeddings).</summary>
        public double Similarity(float[] vector)
        {
            if (_sum is null)
            {
                return 0;
            }

            var norm = Math.Sqrt(Embeddings.Cosine(_sum, _sum));
            return norm == 0 ? 0 : Embeddings.Cosine(_sum, vector) / norm;
        }

        public List<Ticket> Members { get; } = [];

        /// <summary>The words at least half the theme's tickets use: what the theme is about.</summary>
        public IReadOnlyList<string> Phrases => [.. _words.Where(w => w.Value * 2 >= Members.Count).OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key)];

        public bool Shares(IReadOnlySet<string> words) => Phrases.Count(words.Contains) >= Math.Min(2, Math.Max(1, words.Count));

        public void Add(Ticket ticket, IReadOnlySet<string> words, float[]? vector)
        {
            Members.Add(ticket);
            if (vector is not null)
            {
                _sum ??= new float[vector.Length];
                for (var i = 0; i < Math.Min(_sum.Length, vector.Length); i++)
                {
                    _sum[i] += vector[i];
                }
            }

            foreach (var word in words)
            {
                _words[word] = _words.GetValueOrDefault(word) + 1;
            }
        }

        public PapercutTheme Summarise(DateTimeOffset end)
        {
            var customers = Members.Select(t => (t.Requester.Email ?? t.Requester.Phone ?? t.Reference).ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count();
            var hours = Math.Round(Members.Average(t => Math.Max(0.1, ((ResolvedAt(t) ?? end) - t.CreatedAt).TotalHours)), 1);
            return new PapercutTheme(
                WireNames.Of(Category),
                Product,
                [.. Phrases.Take(5)],
                Members.Count,
                customers,
                hours,
                Math.Round(customers * Members.Count * hours, 1),
                [.. Members.OrderByDescending(t => t.CreatedAt).Take(ExamplesPerTheme).Select(t => new PapercutExample(t.Reference, t.Subject, WireNames.Of(t.Status)))],
                [.. Members.Where(t => t.GitHub is { Number: not null }).Select(t => $"{t.GitHub!.Repository}#{t.GitHub.Number}").Distinct(StringComparer.OrdinalIgnoreCase)],
                [.. Members.Where(t => t.Forum is { Url: not null }).Select(t => t.Forum!.Url!).Distinct(StringComparer.Ordinal)]);
        }

        private static DateTimeOffset? ResolvedAt(Ticket ticket) =>
            ticket.Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.StatusChanged && e.Details.GetValueOrDefault("to") is "solved" or "closed")?.At;
    }
}
