using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Welcome;

namespace Support.Web.Signups;

/// <summary>
/// <c>POST /api/signups</c> (staff key): records a new customer for the welcome mail. The same
/// email again is the same signup: 201 with the new signup, 200 with the one already recorded.
/// </summary>
public sealed class SignupEndpoint(ISignupStore store, TimeProvider time, ILogger<SignupEndpoint> logger)
{
    public const int MaxBodyBytes = 8 * 1024;

    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await RequestBody.ReadJsonAsync(
            request, MaxBodyBytes, WebJson.Default.SignupRequest, "a JSON object with email, name and plan (and signedUpAt)", cancellationToken);
        if (form is null)
        {
            return unreadable!;
        }

        var (signup, errors) = SignupRules.Validate(form.Email, form.Name, form.Plan, form.SignedUpAt, time.GetUtcNow());
        if (signup is null)
        {
            logger.LogInformation("Signup refused: invalid {Fields}", string.Join(",", errors.Keys));
            return Problems.Validation(errors);
        }

        var (stored, created) = await store.AddAsync(signup, cancellationToken);
        logger.LogInformation("Signup {Email} {Outcome}", Redact.Email(stored.Email), created ? "recorded" : "already recorded");
        return Results.Json(SignupView.From(stored), WebJson.Default.SignupView, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}

public sealed record SignupRequest(string? Email, string? Name, string? Plan, DateTimeOffset? SignedUpAt);

/// <summary>A signup as the staff API shows it, with where its welcome mail stands.</summary>
public sealed record SignupView(string Email, string Name, string Plan, DateTimeOffset SignedUpAt, string Welcome, DateTimeOffset? WelcomedAt, string? WelcomeRejected)
{
    public static SignupView From(Signup s) => new(
        s.Email,
        s.Name,
        s.Plan,
        s.SignedUpAt,
        s switch
        {
            { WelcomedAt: null } => "waiting",
            { WelcomeRejected: not null } => "rejected",
            _ => "sent",
        },
        s.WelcomedAt,
        s.WelcomeRejected);
}
