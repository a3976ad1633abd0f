using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Support.Web;

/// <summary>Reads a request body up to a limit, so an oversized post is refused without being buffered whole.</summary>
public static class RequestBody
{
    public static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A JSON body of at most <paramref name="limit"/> bytes read as <typeparamref name="T"/>, or the
    /// answer to give instead: 415 for another media type, 413 when too large, 400 with the parser's
    /// reason, or 400 asking for <paramref name="expected"/> when the body is empty or <c>null</c>.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, int limit, JsonTypeInfo<T> type, string expected, CancellationToken cancellationToken)
        where T : class
    {
        if (!string.Equals(request.ContentType?.Split(';', 2)[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }

        var body = await ReadLimitedAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return (null, Problems.TooLarge(limit));
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, type);
            return value is null ? (null, Problems.BadRequest($"The body is empty; send {expected}.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }
}
