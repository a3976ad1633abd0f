using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Support.Core.Contracts;

public static class MessageCodec
{
    public static BinaryData Encode<T>(T message, JsonTypeInfo<T> typeInfo)
        where T : IVersionedMessage
        => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, typeInfo));

    /// <summary>
    /// Reads a message of a known contract. Anything that can never be read (not JSON, another
    /// version, missing fields) comes back as a reason, so the host can dead-letter it instead
    /// of retrying it forever.
    /// </summary>
    public static DecodeResult<T> Decode<T>(BinaryData body, JsonTypeInfo<T> typeInfo, int expectedVersion)
        where T : class, IVersionedMessage
    {
        try
        {
            var probe = JsonSerializer.Deserialize(body, SupportJson.Default.VersionProbe);
            if (probe?.V is not { } version)
            {
                return DecodeResult<T>.Poison("the message has no contract version (v)");
            }

            if (version != expectedVersion)
            {
                return DecodeResult<T>.Poison($"contract version {version} is not supported (expected {expectedVersion})");
            }

            var message = JsonSerializer.Deserialize(body, typeInfo);
            return message is null
                ? DecodeResult<T>.Poison("the message is empty")
                : DecodeResult<T>.Ok(message);
        }
        catch (JsonException ex)
        {
            return DecodeResult<T>.Poison($"the message is not a valid {typeof(T).Name}: {ex.Message}");
        }
    }
}

public readonly record struct DecodeResult<T>(T? Message, string? PoisonReason)
    where T : class
{
    public static DecodeResult<T> Ok(T message) => new(message, null);

    public static DecodeResult<T> Poison(string reason) => new(null, reason);
}
