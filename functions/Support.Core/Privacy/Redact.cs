namespace Support.Core.Privacy;

/// <summary>Shortens personal data for log lines: enough to tell two people apart, not enough to contact them.</summary>
public static class Redact
{
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "-";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return "***";
        }

        return email[0] + "***@" + email[(at + 1)..];
    }

    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "-";
        }

        return phone.Length <= 4 ? "***" : new string('*', phone.Length - 4) + phone[^4..];
    }
}
