using Support.Core.Voice;

namespace Support.Web.Voice;

/// <summary>
/// Reads a Twilio voice webhook (its POSTed form and our callback URL's query) into the
/// <see cref="VoiceRequest"/> the call flow decides on. Twilio's field names live here only.
/// </summary>
public static class TwilioVoiceForm
{
    public static VoiceRequest Read(IReadOnlyDictionary<string, string> form, IReadOnlyDictionary<string, string> query) => new()
    {
        CallSid = Value(form, "CallSid"),
        From = Value(form, "From"),
        To = Value(form, "To"),
        Direction = Value(form, "Direction"),
        Digits = Value(form, "Digits"),
        DialCallStatus = Value(form, "DialCallStatus"),
        DialCallDuration = Value(form, "DialCallDuration"),
        DialBridged = Value(form, "DialBridged"),
        RecordingSid = Value(form, "RecordingSid"),
        RecordingStatus = Value(form, "RecordingStatus"),
        RecordingUrl = Value(form, "RecordingUrl"),
        RecordingDuration = Value(form, "RecordingDuration"),
        TranscriptionStatus = Value(form, "TranscriptionStatus"),
        TranscriptionText = Value(form, "TranscriptionText"),
        Region = Value(query, VoiceLinks.RegionParameter),
        Person = Value(query, VoiceLinks.PersonParameter),
    };

    private static string? Value(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
