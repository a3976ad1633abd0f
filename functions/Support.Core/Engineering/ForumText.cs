using System.Text;
using Support.Core.Domain;

namespace Support.Core.Engineering;

/// <summary>
/// What a forum topic and a "+1" reply say of a feature request: the request in the customer's words with addresses and
/// numbers masked, and nothing else of the ticket (the forum is public: no reference, no name, no link to the console).
/// </summary>
public static class ForumText
{
    public const int MaxQuoted = 3000;

    public static string TopicBody(string request) =>
        new StringBuilder()
            .AppendLine("A customer asked our support team for this:")
            .AppendLine()
            .AppendLine(Quote(request))
            .AppendLine()
            .AppendLine("If you would like it too, say so below.")
            .ToString();

    /// <param name="marker">The hidden marker (<see cref="Marker"/>) the reply is found again by.</param>
    public static string PlusOne(string request, string marker) =>
        new StringBuilder()
            .AppendLine("+1: another customer asked our support team for this:")
            .AppendLine()
            .AppendLine(Quote(request))
            .AppendLine()
            .AppendLine(marker)
            .ToString();

    /// <summary>
    /// An HTML comment naming the request by a hash of its external id: hidden in the rendered post, kept in its raw text,
    /// and saying nothing of the ticket to the public (a reference is not published).
    /// </summary>
    public static string Marker(string externalId) =>
        $"<!-- support-request: {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(externalId)))[..16].ToLowerInvariant()} -->";

    /// <summary>The reply drafted for the owner, with the topic's public link.</summary>
    public static string LinkDraft(Ticket ticket, string url) =>
        $"Hello {(string.IsNullOrWhiteSpace(ticket.Requester.Name) ? "there" : ticket.Requester.Name.Trim().Split(' ', 2)[0])},\n\n"
        + "Thank you for the suggestion. We have passed it to our product team and it is on our public forum, "
        + $"where you can follow it, vote for it and add anything we missed: {url}";

    /// <summary>
    /// Whether a topic the forum's search found asks for the same thing: at least half the significant words of the two
    /// titles are shared (search ranks by words anywhere in a topic, so its best hit alone is not enough).
    /// </summary>
    public static bool IsSimilar(string title, string candidate)
    {
        var ours = Words(title);
        var theirs = Words(candidate);
        if (ours.Count == 0 || theirs.Count == 0)
        {
            return false;
        }

        return ours.Intersect(theirs).Count() * 2 >= ours.Union(theirs).Count();
    }

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "our", "your", "you", "can", "could", "would", "please", "add", "have", "has", "from", "into", "that", "this", "there", "when", "what", "want", "like", "allow", "support", "feature", "request",
    };

    private static HashSet<string> Words(string text)
    {
        var separators = text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray();
        return [.. text.ToLowerInvariant().Split(separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !Stop.Contains(w))
            .Select(w => w.EndsWith('s') && w.Length > 3 ? w[..^1] : w)];
    }

    private static string Quote(string request)
    {
        var masked = GitHubIssueText.Mask(request).Trim();
        if (masked.Length > MaxQuoted)
        {
            masked = masked[..MaxQuoted] + "…";
        }

        return string.Join('\n', masked.Split('\n').Select(l => "> " + l.TrimEnd('\r')));
    }
}
