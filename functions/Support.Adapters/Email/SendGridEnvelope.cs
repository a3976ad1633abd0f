using System.Text.Json;

namespace Support.Adapters.Email;

/// <summary>The SMTP envelope SendGrid reports in the <c>envelope</c> field (both modes).</summary>
internal sealed record SendGridEnvelope(IReadOnlyList<string> To, string? From)
{
    public static SendGridEnvelope None { get; } = new([], null);

    /// <summary>Reads <c>{"to":["…"],"from":"…"}</c>; a missing or broken field means no envelope, not a broken mail.</summary>
    public static SendGridEnvelope Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            var to = root.TryGetProperty("to", out var toElement) && toElement.ValueKind == JsonValueKind.Array
                ? toElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim().ToLowerInvariant()).ToList()
                : [];
            var from = root.TryGetProperty("from", out var fromElement) && fromElement.ValueKind == JsonValueKind.String
                ? fromElement.GetString()!.Trim().ToLowerInvariant()
                : null;
            return new SendGridEnvelope(to, from);
        }
        catch (JsonException)
        {
            return None;
        }
    }
}
