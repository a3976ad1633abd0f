using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Web.Pages;

namespace Support.Web;

/// <summary>
/// <c>POST /api/inquiries/web</c>: the web form, as JSON or as a plain form post. A browser's post
/// without script (<c>Accept: text/html</c>) gets pages back instead of JSON (<see cref="WebFormPage"/>).
/// </summary>
public sealed class WebInquiryEndpoint(
    InquiryIntake intake,
    IOptions<SiteOptions> site,
    TimeProvider time,
    WebFormRateLimit rateLimit,
    ILogger<WebInquiryEndpoint> logger)
{
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var html = WebFormPage.WantsHtml(request);
        if (rateLimit.TryAcquire(rateLimit.ClientOf(request)) is { } retryAfter)
        {
            logger.LogWarning("Web inquiry refused: rate limit reached for a client, retry after {Seconds}s", (int)Math.Ceiling(retryAfter.TotalSeconds));
            return html ? WebFormPage.TooMany(retryAfter) : Problems.TooManyRequests(retryAfter);
        }

        var body = await RequestBody.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            logger.LogWarning("Web inquiry refused: body over {Limit} bytes", MaxBodyBytes);
            return Problems.TooLarge(MaxBodyBytes);
        }

        var form = Parse(request.ContentType, body, out var problem);
        if (form is null)
        {
            return problem!;
        }

        form = form with { Language = string.IsNullOrWhiteSpace(form.Language) ? request.Headers.AcceptLanguage.ToString() : form.Language };
        var validation = WebFormRules.Validate(form, request.Headers["Idempotency-Key"].ToString(), site.Value.DefaultPhoneRegion, time.GetUtcNow());
        if (!validation.IsValid)
        {
            logger.LogInformation("Web inquiry refused: invalid {Fields}", string.Join(",", validation.Errors.Keys));
            return html ? WebFormPage.Form(form, validation.Errors, StatusCodes.Status400BadRequest) : Problems.Validation(validation.Errors);
        }

        if (form.IsBot)
        {
            // Looks accepted to the bot, so it learns nothing; nothing is stored.
            logger.LogInformation("Web inquiry dropped: honeypot field filled in");
            return Accepted(TicketReference.Derive("honeypot:" + Guid.NewGuid().ToString("N"), 0), html);
        }

        try
        {
            var result = await intake.AcceptAsync(validation.Submission!, cancellationToken);
            return Accepted(result.Reference, html);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError("Web inquiry not accepted, answering 503: {Cause}", ex.InnerException?.Message ?? ex.Message);
            return html ? WebFormPage.Unavailable(form, Problems.UnavailableRetryAfter) : Problems.Unavailable();
        }
    }

    private static IResult Accepted(string reference, bool html) =>
        html ? WebFormPage.Confirmation(reference) : Results.Accepted($"/{Routes.Prefix}/tickets/{reference}", new AcceptedInquiry(reference));

    private static WebFormSubmission? Parse(string? contentType, byte[] body, out IResult? problem)
    {
        problem = null;
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/json":
                try
                {
                    var parsed = JsonSerializer.Deserialize(body, WebJson.Default.WebFormSubmission);
                    if (parsed is null)
                    {
                        problem = Problems.BadRequest("The body is empty; send a JSON object with name, email, subject and message.");
                    }

                    return parsed;
                }
                catch (JsonException ex)
                {
                    problem = Problems.BadRequest($"The body is not a valid JSON form: {ex.Message}");
                    return null;
                }

            case "application/x-www-form-urlencoded":
                Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
                try
                {
                    fields = new FormReader(System.Text.Encoding.UTF8.GetString(body)).ReadForm();
                }
                catch (InvalidDataException ex)
                {
                    // FormReader's own limits (field count, key length): a crafted form, not a server fault.
                    problem = Problems.BadRequest($"The form cannot be read: {ex.Message}");
                    return null;
                }

                string? Field(string name) => fields.TryGetValue(name, out var value) ? value.ToString() : null;
                return new WebFormSubmission
                {
                    Name = Field("name"),
                    Email = Field("email"),
                    Subject = Field("subject"),
                    Message = Field("message"),
                    Phone = Field("phone"),
                    Product = Field("product"),
                    Severity = Field("severity"),
                    Language = Field("language"),
                    Website = Field("website"),
                };

            default:
                problem = Problems.UnsupportedMediaType("application/json or application/x-www-form-urlencoded");
                return null;
        }
    }
}
