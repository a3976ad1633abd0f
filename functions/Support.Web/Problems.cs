using Microsoft.AspNetCore.Http;

namespace Support.Web;

/// <summary>The error answers every endpoint gives, as application/problem+json with a reason a caller can act on.</summary>
public static class Problems
{
    public static IResult Validation(IReadOnlyDictionary<string, string> errors) =>
        Results.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal),
            title: "Some fields need attention.",
            detail: "Nothing was stored; correct the fields listed under errors and send again.");

    public static IResult TooLarge(int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large.", detail: $"The body may be at most {limit / 1024} KiB.");

    public static IResult UnsupportedMediaType(string expected) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type.", detail: $"Send {expected}.");

    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request cannot be read.", detail: detail);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);

    public static IResult Unauthorized(string detail = "Sign in to the console, or (for a script or integration) send an integration key in the x-functions-key header.") =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in or a valid key is required.", detail: detail);

    /// <summary>A caller's text short enough to quote back in an answer.</summary>
    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public static IResult TooManyRequests(TimeSpan retryAfter) =>
        new RetryAfterResult(
            Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: "Nothing was stored. Wait for the Retry-After seconds, then send again."),
            retryAfter);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The change conflicts with the ticket's state.", detail: detail);

    public static IResult Unavailable() =>
        new RetryAfterResult(
            Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable.", detail: "Nothing was stored. Please try again in a few seconds."),
            UnavailableRetryAfter);

    /// <summary>How long a caller is asked to wait when storage cannot be reached.</summary>
    public static TimeSpan UnavailableRetryAfter { get; } = TimeSpan.FromSeconds(5);
}

/// <summary>Adds a Retry-After header to another result.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan after) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
