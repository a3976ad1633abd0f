using System.Text.Json.Serialization;

namespace Support.Local.Queues;

/// <summary>A message that kept failing, kept with its reason in <c>{queue}-poison</c> until it is replayed.</summary>
public sealed record PoisonMessage(string Queue, string Reason, long Attempts, DateTimeOffset FailedAt, string Body);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PoisonMessage))]
public sealed partial class LocalJson : JsonSerializerContext;
