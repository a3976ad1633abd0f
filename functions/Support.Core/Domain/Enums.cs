using System.Text.Json.Serialization;

namespace Support.Core.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("voice")] Voice,
    [JsonStringEnumMemberName("chat")] Chat,
}

[JsonConverter(typeof(JsonStringEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("solved")] Solved,
    [JsonStringEnumMemberName("closed")] Closed,
}

[JsonConverter(typeof(JsonStringEnumConverter<Category>))]
public enum Category
{
    [JsonStringEnumMemberName("technical")] Technical,
    [JsonStringEnumMemberName("business")] Business,
    [JsonStringEnumMemberName("question")] Question,
    [JsonStringEnumMemberName("feature-request")] FeatureRequest,
    [JsonStringEnumMemberName("onboarding")] Onboarding,
}

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    S1 = 1,
    S2 = 2,
    S3 = 3,
}

[JsonConverter(typeof(JsonStringEnumConverter<SupportRole>))]
public enum SupportRole
{
    [JsonStringEnumMemberName("first-level")] FirstLevel,
    [JsonStringEnumMemberName("technical")] Technical,
    [JsonStringEnumMemberName("manager")] Manager,
}

/// <summary>The wire names of the enums, for query strings, table columns and log lines.</summary>
public static class WireNames
{
    public static string Of(Channel value) => value switch
    {
        Channel.Web => "web",
        Channel.Email => "email",
        Channel.Voice => "voice",
        Channel.Chat => "chat",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Of(TicketStatus value) => value switch
    {
        TicketStatus.New => "new",
        TicketStatus.Open => "open",
        TicketStatus.Pending => "pending",
        TicketStatus.Solved => "solved",
        TicketStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Of(Category value) => value switch
    {
        Category.Technical => "technical",
        Category.Business => "business",
        Category.Question => "question",
        Category.FeatureRequest => "feature-request",
        Category.Onboarding => "onboarding",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Of(Severity value) => value switch
    {
        Severity.S1 => "S1",
        Severity.S2 => "S2",
        Severity.S3 => "S3",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Of(SupportRole value) => value switch
    {
        SupportRole.FirstLevel => "first-level",
        SupportRole.Technical => "technical",
        SupportRole.Manager => "manager",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static bool TryParse(string? text, out Channel value) => TryParseEnum(text, Of, out value);

    public static bool TryParse(string? text, out TicketStatus value) => TryParseEnum(text, Of, out value);

    public static bool TryParse(string? text, out Category value) => TryParseEnum(text, Of, out value);

    public static bool TryParse(string? text, out Severity value) => TryParseEnum(text, Of, out value);

    public static bool TryParse(string? text, out SupportRole value) => TryParseEnum(text, Of, out value);

    private static bool TryParseEnum<T>(string? text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
