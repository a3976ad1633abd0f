using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Contracts;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(InquiryMessage))]
[JsonSerializable(typeof(AssignmentMessage))]
[JsonSerializable(typeof(SlaDueMessage))]
[JsonSerializable(typeof(OutboundReplyMessage))]
[JsonSerializable(typeof(EngineeringMessage))]
[JsonSerializable(typeof(ChatQueueMessage))]
[JsonSerializable(typeof(Inquiry))]
[JsonSerializable(typeof(TicketState))]
[JsonSerializable(typeof(TimelineEvent))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(RosterDocument))]
[JsonSerializable(typeof(Replies.MacroDocument))]
[JsonSerializable(typeof(IReadOnlyList<RosterProblem>))]
[JsonSerializable(typeof(VersionProbe))]
[JsonSerializable(typeof(IReadOnlyList<Support.Core.Email.StoredAttachment>))]
public sealed partial class SupportJson : JsonSerializerContext;

/// <summary>Reads only the version of a queue message, before choosing how to read the rest.</summary>
public sealed record VersionProbe(int? V);
