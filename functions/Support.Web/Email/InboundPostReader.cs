using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Support.Core.Ports;

namespace Support.Web.Email;

/// <summary>
/// Reads a SendGrid Inbound Parse post (multipart/form-data) into its fields and files as the
/// bytes that were posted: default-mode fields come in the mail's own charsets, so nothing is
/// decoded here.
/// </summary>
public static class InboundPostReader
{
    /// <summary>The post, or null with the reason it cannot be read.</summary>
    public static async Task<(InboundMailPost? Post, string? Problem)> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the post is not multipart/form-data");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "the multipart post has no boundary");
        }

        var fields = new Dictionary<string, BinaryData>(StringComparer.Ordinal);
        var files = new List<InboundFile>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { Length: > 0 })
                {
                    return (null, "a part of the post has no form-data name");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!;
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                var data = BinaryData.FromBytes(content.ToArray());
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    files.Add(new InboundFile(name, fileName, section.ContentType, data));
                }
                else
                {
                    fields[name] = data;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return (null, "the multipart post is malformed: " + ex.Message);
        }

        return (new InboundMailPost(fields, files), null);
    }
}
