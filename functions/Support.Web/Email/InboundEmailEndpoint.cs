using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Web.Email;

/// <summary>
/// <c>POST /api/inquiries/email</c>: SendGrid Inbound Parse, raw or default mode. The post is
/// stored as received before anything else, so nothing is ever lost; then a problem that will be
/// the same on every retry answers 4xx (SendGrid does not retry those) and a storage outage 503
/// (it does). 200 with the ticket reference once the mail is stored.
/// </summary>
public sealed class InboundEmailEndpoint(
    IInboundMailParser parser,
    EmailIntake intake,
    IBlobStore blobs,
    IOptions<EmailIntakeOptions> options,
    TimeProvider time,
    ILogger<InboundEmailEndpoint> logger)
{
    /// <summary>Room for the multipart framing and SendGrid's own fields around a message at the cap.</summary>
    public const int PostOverheadBytes = 1024 * 1024;

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(int.MaxValue, options.Value.MaxMessageBytes + PostOverheadBytes);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var body = await RequestBody.ReadLimitedAsync(request, limit, cancellationToken);
        if (body is null)
        {
            logger.LogWarning("Inbound mail refused: the post is over {Limit} bytes", limit);
            return TooLarge(options.Value.MaxMessageBytes);
        }

        string raw;
        raw = await StoreRawAsync(request.ContentType, body, cancellationToken);

        var (post, unreadable) = await InboundPostReader.ReadAsync(request.ContentType, body, cancellationToken);
        if (post is null)
        {
            logger.LogWarning("Inbound mail refused ({Raw} kept): {Cause}", raw, unreadable);
            return Problems.BadRequest($"The post cannot be read: {unreadable}. It is kept as {raw}.");
        }

        var parsed = parser.Parse(post);
        if (parsed.Email is not { } email)
        {
            logger.LogWarning("Inbound mail refused ({Raw} kept): {Rejection}: {Cause}", raw, parsed.Rejection, parsed.Reason);
            return parsed.Rejection == EmailRejection.TooLarge
                ? TooLarge(options.Value.MaxMessageBytes)
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The mail cannot be read.", detail: $"{parsed.Reason}. The post is kept as {raw}.");
        }

        var result = await intake.ReceiveAsync(email, raw, cancellationToken);
        return Results.Json(new InboundEmailAnswer(result.Reference, result.Outcome), EmailJson.Default.InboundEmailAnswer);
    }

    /// <summary>Named by its content: a post SendGrid retries is stored once.</summary>
    private async Task<string> StoreRawAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        var day = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = $"posts/{day}/{Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant()}";
        return await blobs.PutAsync(BlobContainers.RawMail, name, BinaryData.FromBytes(body), contentType ?? "application/octet-stream", cancellationToken);
    }

    private static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The mail is too large.", detail: $"A mail may be at most {limit / (1024 * 1024)} MB.");
}

public sealed record InboundEmailAnswer(string? Reference, string Outcome);
