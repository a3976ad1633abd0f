using System.Text;
using System.Text.RegularExpressions;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Engineering;

/// <summary>
/// What a GitHub issue and its comments say of a ticket: what engineering needs (a summary, the triage's reasons, the
/// customer's steps and error text quoted, the reference and a console link, how many customers are affected) and
/// nothing private. The customer's name, address, phone number and attachments are never written; addresses and
/// numbers inside the quoted text are masked. A hidden marker names the ticket, so a filed issue is found again when
/// the store lost its number.
/// </summary>
public static partial class GitHubIssueText
{
    /// <summary>How much of the customer's words an issue quotes; the console has the rest.</summary>
    public const int MaxQuoted = 4000;

    /// <summary>The hidden line naming the ticket in an issue's body or a comment (an HTML comment: GitHub does not show it).</summary>
    public static string Marker(string reference) => $"<!-- support-ticket: {reference} -->";

    public static NewTrackedIssue Compose(Ticket ticket, Inquiry? inquiry, string inquiryText, string consoleLink, int affectedCustomers, IEnumerable<string> labels)
    {
        var body = new StringBuilder()
            .AppendLine(Marker(ticket.Reference))
            .AppendLine("### Summary")
            .AppendLine()
            .AppendLine(Mask(ticket.Subject))
            .AppendLine()
            .AppendLine($"- Severity: {WireNames.Of(ticket.Severity)}, category: {WireNames.Of(ticket.Category)}{(inquiry?.Product is { Length: > 0 } product ? $", product: {Mask(product)}" : string.Empty)}")
            .AppendLine($"- Channel: {WireNames.Of(ticket.Channel)}, reported {ticket.CreatedAt:yyyy-MM-dd HH:mm} UTC")
            .AppendLine($"- Affected customers: {affectedCustomers}")
            .AppendLine()
            .AppendLine("### Why triage chose this")
            .AppendLine();
        foreach (var reason in ticket.TriageReasons)
        {
            body.AppendLine($"- {Mask(reason)}");
        }

        body.AppendLine().AppendLine("### Steps and error text, as the customer wrote them").AppendLine();
        var quoted = 0;
        foreach (var text in new[] { inquiryText }.Concat(CustomerMessages(ticket)))
        {
            var masked = Mask(text).Trim();
            if (masked.Length == 0 || quoted >= MaxQuoted)
            {
                continue;
            }

            var part = masked.Length > MaxQuoted - quoted ? masked[..(MaxQuoted - quoted)] + "…" : masked;
            quoted += part.Length;
            foreach (var line in part.Split('\n'))
            {
                body.Append("> ").AppendLine(line.TrimEnd('\r'));
            }

            body.AppendLine();
        }

        body.AppendLine("### Support")
            .AppendLine()
            .AppendLine($"Ticket {ticket.Reference}: {consoleLink}");
        return new NewTrackedIssue($"{Mask(ticket.Subject)} ({ticket.Reference})", body.ToString(), [.. labels.Distinct(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>The labels an issue for <paramref name="ticket"/> gets: the configured ones, then severity, category and product.</summary>
    public static IReadOnlyList<string> Labels(GitHubOptions options, Ticket ticket, Inquiry? inquiry) =>
    [
        .. GitHubOptions.Split(options.Labels),
        WireNames.Of(ticket.Severity),
        WireNames.Of(ticket.Category),
        .. inquiry?.Product is { Length: > 0 and <= 50 } product ? [Mask(product)] : Array.Empty<string>(),
    ];

    /// <summary>The comment telling an existing issue of one more ticket.</summary>
    public static string AffectedComment(Ticket ticket, string consoleLink, int affectedCustomers) =>
        $"{Marker(ticket.Reference)}\nAnother customer reports this: ticket {ticket.Reference} ({WireNames.Of(ticket.Severity)}), {consoleLink}\n\n"
        + $"Affected customers: {affectedCustomers}";

    /// <summary>The reply drafted for a ticket's owner when its issue is closed as completed.</summary>
    public static string FixShippedDraft(Ticket ticket) =>
        $"Hello {FirstName(ticket.Requester.Name) ?? "there"},\n\n"
        + $"Good news: the fix for the problem you reported (\"{ticket.Subject}\", {ticket.Reference}) has shipped. "
        + "Could you check whether everything works for you now? If anything is still wrong, just reply to this message.";

    /// <summary><paramref name="text"/> with email addresses and phone numbers masked.</summary>
    public static string Mask(string text) => Phone().Replace(Email().Replace(text, "[email]"), m => LooksLikePhone(m.Value) ? "[phone]" : m.Value);

    // Phone numbers have at least 9 digits; a date (2026-12-03, perhaps with a time) is not one.
    private static bool LooksLikePhone(string candidate) =>
        candidate.Count(char.IsAsciiDigit) >= 9 && !IsoDate().IsMatch(candidate);

    private static IEnumerable<string> CustomerMessages(Ticket ticket) =>
        ticket.Timeline.Where(e => e.Type == TimelineEventTypes.CustomerMessage).Select(e => e.Details.GetValueOrDefault("body") ?? string.Empty);

    private static string? FirstName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Digits with the separators people write numbers with; LooksLikePhone keeps error codes and dates.
    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d\s().\-]{5,}\d(?![\w])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
