using Support.Core.Domain;

namespace Support.Core.Engineering;

/// <summary>
/// Where technical tickets are logged for engineering, bound from <c>GitHub__*</c>. Nothing is filed while
/// <see cref="Owner"/> or <see cref="Repository"/> is unset. The token and the webhook secret are secrets
/// (Key Vault references in Azure) read by the adapter and the webhook gate only.
/// </summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary>The account or organisation owning the default repository.</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary>The default repository's name: where triage files S1/S2 technical tickets.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>Other repositories staff may choose in the console ("owner/name", comma-separated).</summary>
    public string OtherRepositories { get; set; } = string.Empty;

    /// <summary>The severities of technical tickets filed automatically once triaged (comma-separated); the rest on a staff click.</summary>
    public string AutoFileSeverities { get; set; } = "S1,S2";

    /// <summary>Labels every issue gets besides its severity, category and product (comma-separated).</summary>
    public string Labels { get; set; } = "support";

    /// <summary>The REST API's address: GitHub's, a GitHub Enterprise Server's (…/api/v3/), or the local fake.</summary>
    public string BaseUrl { get; set; } = "https://api.github.com/";

    /// <summary>A fine-grained token (or an installation token) with Issues read and write on the repositories.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>The secret the webhook's deliveries are signed with (X-Hub-Signature-256).</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    public bool Enabled => Owner.Length > 0 && Repository.Length > 0;

    /// <summary>The default repository as owner/name.</summary>
    public string DefaultRepository => $"{Owner}/{Repository}";

    /// <summary>Every repository staff may log a ticket in, the default first.</summary>
    public IReadOnlyList<string> Repositories => Enabled
        ? [DefaultRepository, .. Split(OtherRepositories).Where(r => RepositoryName.IsValid(r) && !string.Equals(r, DefaultRepository, StringComparison.OrdinalIgnoreCase))]
        : [];

    public bool FilesAutomatically(Severity severity) => Split(AutoFileSeverities).Contains(WireNames.Of(severity), StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured repository <paramref name="name"/> stands for, as configured; null when it is not one.</summary>
    public string? Configured(string? name) => Repositories.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>A repository's owner/name as GitHub allows them.</summary>
public static class RepositoryName
{
    public static bool IsValid(string? name) =>
        name?.Split('/') is [var owner, var repo]
        && owner.Length is > 0 and <= 39 && repo.Length is > 0 and <= 100
        && owner.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && repo.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static (string Owner, string Name) Parse(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return (repository[..slash], repository[(slash + 1)..]);
    }
}
