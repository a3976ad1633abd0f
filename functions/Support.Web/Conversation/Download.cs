using System.Text;
using Microsoft.AspNetCore.Http;

namespace Support.Web.Conversation;

/// <summary>
/// Stored bytes sent back unchanged as a file download: the original content type, a UTF-8 file
/// name (RFC 6266/5987), and <c>nosniff</c> so no browser treats an uploaded file as a page of ours.
/// </summary>
public sealed class Download(BinaryData content, string contentType, string fileName) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.ToMemory().Length;
        response.Headers.ContentDisposition = $"attachment; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        await response.Body.WriteAsync(content.ToMemory(), httpContext.RequestAborted);
    }

    /// <summary>For clients that do not read <c>filename*</c>: the name with anything outside printable ASCII, quotes and backslashes replaced.</summary>
    private static string AsciiFallback(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
        }

        return builder.ToString();
    }
}
