using Support.Core.Intake;

namespace Support.Core.Welcome;

/// <summary>What <c>POST /api/signups</c> accepts; errors are keyed by field name.</summary>
public static class SignupRules
{
    public const int MaxNameLength = 200;
    public const int MaxPlanLength = 100;

    /// <summary>How far ahead of our clock a <c>signedUpAt</c> may be (clock skew of the caller).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static (Signup? Signup, IReadOnlyDictionary<string, string> Errors) Validate(
        string? email, string? name, string? plan, DateTimeOffset? signedUpAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var normalizedEmail = ContactValidation.NormalizeEmail(email);
        if (string.IsNullOrWhiteSpace(email))
        {
            errors["email"] = "The email address is required.";
        }
        else if (normalizedEmail is null)
        {
            errors["email"] = "This does not look like an email address (name@example.com).";
        }

        // Single-line: the name goes into the welcome mail's To header.
        var cleanName = TextNormalizer.SingleLine(name, MaxNameLength + 1);
        if (cleanName.Length == 0)
        {
            errors["name"] = "The name is required.";
        }
        else if (cleanName.Length > MaxNameLength)
        {
            errors["name"] = $"The name is longer than {MaxNameLength} characters.";
        }

        var cleanPlan = TextNormalizer.SingleLine(plan, MaxPlanLength + 1);
        if (cleanPlan.Length == 0)
        {
            errors["plan"] = "The plan is required.";
        }
        else if (cleanPlan.Length > MaxPlanLength)
        {
            errors["plan"] = $"The plan is longer than {MaxPlanLength} characters.";
        }

        if (signedUpAt is { } at && at > now + FutureTolerance)
        {
            errors["signedUpAt"] = "The signup time is in the future.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Signup { Email = normalizedEmail!, Name = cleanName, Plan = cleanPlan, SignedUpAt = signedUpAt ?? now }, errors);
    }
}
