namespace Support.Core.Engineering;

/// <summary>
/// The public forum feature requests go to, bound from <c>Discourse__*</c>. Nothing is posted while
/// <see cref="BaseUrl"/> or <see cref="CategoryId"/> is unset. The API key is a secret (Key Vault in Azure).
/// </summary>
public sealed class DiscourseOptions
{
    public const string Section = "Discourse";

    /// <summary>The forum's address; its public topic links start with it.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The forum user the app posts as.</summary>
    public string ApiUsername { get; set; } = "system";

    /// <summary>The category feature requests are posted in.</summary>
    public int CategoryId { get; set; }

    public bool Enabled => BaseUrl.Length > 0 && CategoryId > 0;
}
