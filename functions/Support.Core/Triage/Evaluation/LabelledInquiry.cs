using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Core.Domain;

namespace Support.Core.Triage.Evaluation;

/// <summary>One row of a labelled set (<c>../shared/triage/</c> format): an inquiry and the triage a person gave it.</summary>
public sealed record LabelledInquiry(string Id, TriageInput Input, Category Category, Severity Severity)
{
    /// <summary>Reads one JSONL row; the error names the field so the line can be fixed.</summary>
    public static bool TryParse(string line, out LabelledInquiry? row, out string error)
    {
        row = null;
        LabelledRow? raw;
        try
        {
            raw = JsonSerializer.Deserialize(line, EvaluationJson.Default.LabelledRow);
        }
        catch (JsonException ex)
        {
            error = $"not a JSON object: {ex.Message}";
            return false;
        }

        if (raw is null)
        {
            error = "not a JSON object";
            return false;
        }

        Severity? declared = null;
        if (string.IsNullOrWhiteSpace(raw.Id))
        {
            error = "missing id";
        }
        else if (!WireNames.TryParse(raw.Channel, out Channel channel))
        {
            error = $"unknown channel \"{raw.Channel}\"";
        }
        else if (!WireNames.TryParse(raw.Category, out Category category))
        {
            error = $"unknown category \"{raw.Category}\"";
        }
        else if (!WireNames.TryParse(raw.Severity, out Severity severity))
        {
            error = $"unknown severity \"{raw.Severity}\"";
        }
        else if (raw.DeclaredSeverity is not null && !TryParseDeclared(raw.DeclaredSeverity, out declared))
        {
            error = $"unknown declaredSeverity \"{raw.DeclaredSeverity}\"";
        }
        else if (raw.Body is null)
        {
            error = "missing body";
        }
        else
        {
            var input = new TriageInput(channel, raw.Subject ?? "", raw.Body, declared, null, new Dictionary<string, string>(), raw.Tier);
            row = new LabelledInquiry(raw.Id, input, category, severity);
            error = "";
            return true;
        }

        return false;
    }

    private static bool TryParseDeclared(string text, out Severity? declared)
    {
        var ok = WireNames.TryParse(text, out Severity value);
        declared = ok ? value : null;
        return ok;
    }
}

internal sealed record LabelledRow(
    string? Id,
    string? Channel,
    string? Subject,
    string? Body,
    string? DeclaredSeverity,
    string? Tier,
    string? Category,
    string? Severity);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LabelledRow))]
internal sealed partial class EvaluationJson : JsonSerializerContext;
