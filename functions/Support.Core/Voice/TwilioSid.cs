namespace Support.Core.Voice;

/// <summary>Checks the SIDs we key stored state and dedupe keys on.</summary>
public static class TwilioSid
{
    private const int MaxLength = 64;

    /// <summary>A Twilio SID: a two-letter prefix and letters or digits, nothing a table key or URL would choke on.</summary>
    public static bool IsValid(string? sid, string prefix) =>
        sid is { Length: > 2 and <= MaxLength }
        && sid.StartsWith(prefix, StringComparison.Ordinal)
        && sid.All(char.IsAsciiLetterOrDigit);
}
