using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Web.Replies;

namespace Support.Web.Email;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboundEmailAnswer))]
[JsonSerializable(typeof(StaffReplyBody))]
public sealed partial class EmailJson : JsonSerializerContext;
