namespace Support.Core.Domain;

/// <summary>
/// The organisation a requester writes from: their mail domain, lower-case. Voice requesters and
/// free-mail domains have none (two gmail.com senders are not colleagues).
/// </summary>
public static class Organisation
{
    private static readonly HashSet<string> FreeMail = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.net", "gmx.de", "web.de",
        "orange.fr", "free.fr", "laposte.net", "yandex.ru", "mail.ru",
    };

    public static string? Of(string? email)
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
