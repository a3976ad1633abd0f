using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Support.Core.Roster;

/// <summary>Times of day as people write them in a roster: <c>"09:00"</c> (seconds accepted when reading).</summary>
public sealed class HourMinuteJsonConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Formats = ["HH:mm", "H:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && TimeOnly.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        throw new JsonException($"'{text}' is not a time of day like 09:00.");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Second == 0
            ? value.ToString("HH:mm", CultureInfo.InvariantCulture)
            : value.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
}
