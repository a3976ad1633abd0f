using System.Text.RegularExpressions;
using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Replies;

/// <summary>The team's canned replies, kept as one document that managers edit.</summary>
public sealed record MacroDocument
{
    public IReadOnlyList<Macro> Macros { get; init; } = [];
}

/// <summary>
/// One canned reply: a title staff pick it by, the text with placeholders such as
/// <c>{{customer.first_name}}</c>, and the status the reply usually leaves the ticket in.
/// </summary>
public sealed record Macro(string Id, string Title, string Body, string? Status = null);

/// <summary>A canned reply as it reads for one ticket and the person answering it.</summary>
public sealed record ExpandedMacro(string Id, string Title, string Body, string? Status);

/// <summary>Checks canned replies and fills in their placeholders.</summary>
public static partial class MacroText
{
    public const int MaxMacros = 200;
    public const int MaxTitleLength = 100;
    public const int MaxBodyLength = 10_000;

    /// <summary>Every placeholder a canned reply may use, with what it stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["customer.first_name"] = "the customer's first name (\"there\" when we do not know it)",
        ["customer.name"] = "the customer's full name",
        ["ticket.reference"] = "the ticket's reference, e.g. SUP-7K3Q9F",
        ["ticket.subject"] = "the ticket's subject",
        ["agent.first_name"] = "the first name of the person replying",
        ["agent.name"] = "the full name of the person replying",
    };

    private static readonly string[] Statuses = ["open", "pending", "solved"];

    /// <summary>What is wrong with <paramref name="document"/>, by path; empty when it may be saved.</summary>
    public static Dictionary<string, string> Validate(MacroDocument? document)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document is null)
        {
            errors["macros"] = "Send a document with a macros list.";
            return errors;
        }

        if (document.Macros.Count > MaxMacros)
        {
            errors["macros"] = $"At most {MaxMacros} canned replies.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Macros.Count; i++)
        {
            var macro = document.Macros[i];
            var at = $"macros[{i}]";
            if (string.IsNullOrWhiteSpace(macro.Id) || !ids.Add(macro.Id))
            {
                errors[at + ".id"] = "Each canned reply needs an id of its own.";
            }

            if (string.IsNullOrWhiteSpace(macro.Title) || macro.Title.Length > MaxTitleLength)
            {
                errors[at + ".title"] = $"Give it a title of at most {MaxTitleLength} characters.";
            }

            if (string.IsNullOrWhiteSpace(macro.Body) || macro.Body.Length > MaxBodyLength)
            {
                errors[at + ".body"] = $"Give it a text of at most {MaxBodyLength} characters.";
            }
            else if (Placeholder().Matches(macro.Body).Select(m => m.Groups[1].Value).FirstOrDefault(p => !Placeholders.ContainsKey(p)) is { } unknown)
            {
                errors[at + ".body"] = $"{{{{{unknown}}}}} is not a placeholder. Use one of: {string.Join(", ", Placeholders.Keys.Select(k => $"{{{{{k}}}}}"))}.";
            }

            if (macro.Status is not null && !Statuses.Contains(macro.Status, StringComparer.Ordinal))
            {
                errors[at + ".status"] = $"The status after the reply is one of {string.Join(", ", Statuses)}, or none.";
            }
        }

        return errors;
    }

    /// <summary>The canned reply's text for <paramref name="ticket"/>, answered by <paramref name="agent"/>.</summary>
    public static ExpandedMacro Expand(Macro macro, Ticket ticket, Person? agent) =>
        new(macro.Id, macro.Title, Placeholder().Replace(macro.Body, m => ValueOf(m.Groups[1].Value, ticket, agent) ?? m.Value), macro.Status);

    private static string? ValueOf(string placeholder, Ticket ticket, Person? agent) => placeholder switch
    {
        "customer.first_name" => FirstName(ticket.Requester.Name) ?? "there",
        "customer.name" => ticket.Requester.Name ?? ticket.Requester.Email ?? ticket.Requester.Phone ?? "there",
        "ticket.reference" => ticket.Reference,
        "ticket.subject" => ticket.Subject,
        "agent.first_name" => FirstName(agent?.Name),
        "agent.name" => agent?.Name,
        _ => null,
    };

    private static string? FirstName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Split(' ', 2)[0];

    [GeneratedRegex(@"\{\{\s*([a-z_.]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
