using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Core.Calendars;

namespace Support.Core.Voice;

/// <summary>JSON for the voice channel's own documents: the region policy and stored voicemail state.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RegionPolicyDocument))]
[JsonSerializable(typeof(VoicemailRecord))]
public sealed partial class VoiceJson : JsonSerializerContext;
