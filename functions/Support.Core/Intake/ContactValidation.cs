using PhoneNumbers;

namespace Support.Core.Intake;

public static class ContactValidation
{
    public const int MaxEmailLength = 254;

    /// <summary>A plausible single mailbox address (local@domain.tld), lower-cased; null when it is not one.</summary>
    public static string? NormalizeEmail(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxEmailLength)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '\\')
            {
                return null;
            }
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at != text.IndexOf('@', StringComparison.Ordinal) || at == text.Length - 1)
        {
            return null;
        }

        var domain = text[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        return text.ToLowerInvariant();
    }

    /// <summary>The number in E.164 (<c>+441632960961</c>), reading national numbers in <paramref name="defaultRegion"/>; null when it is not a valid number.</summary>
    public static string? NormalizePhone(string? value, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 40)
        {
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(value, defaultRegion);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
