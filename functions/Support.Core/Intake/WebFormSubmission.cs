using System.Security.Cryptography;
using System.Text;
using Support.Core.Domain;

namespace Support.Core.Intake;

/// <summary>The fields of the web form as posted, before validation.</summary>
public sealed record WebFormSubmission
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Subject { get; init; }
    public string? Message { get; init; }
    public string? Phone { get; init; }
    public string? Product { get; init; }
    public string? Severity { get; init; }

    /// <summary>The language to answer in (a language tag, or an <c>Accept-Language</c> list); the page's language when posted from it.</summary>
    public string? Language { get; init; }

    /// <summary>The hidden field people never see; bots fill it in.</summary>
    public string? Website { get; init; }

    public bool IsBot => !string.IsNullOrWhiteSpace(Website);
}

/// <summary>Validates and normalizes a web form post into an inquiry submission.</summary>
public static class WebFormRules
{
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 200;
    public const int MaxMessageLength = 20_000;
    public const int MaxProductLength = 100;
    public const int MaxIdempotencyKeyLength = 200;

    public static WebFormValidation Validate(WebFormSubmission form, string? idempotencyKey, string defaultPhoneRegion, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);

        var name = TextNormalizer.SingleLine(form.Name, MaxNameLength + 1);
        if (name.Length == 0)
        {
            errors["name"] = "Please tell us your name.";
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = $"The name is longer than {MaxNameLength} characters.";
        }

        var email = ContactValidation.NormalizeEmail(form.Email);
        if (string.IsNullOrWhiteSpace(form.Email))
        {
            errors["email"] = "Please give an email address so we can answer you.";
        }
        else if (email is null)
        {
            errors["email"] = "This does not look like an email address (name@example.com).";
        }

        var subject = TextNormalizer.SingleLine(form.Subject, MaxSubjectLength + 1);
        if (subject.Length == 0)
        {
            errors["subject"] = "Please give a subject.";
        }
        else if (subject.Length > MaxSubjectLength)
        {
            errors["subject"] = $"The subject is longer than {MaxSubjectLength} characters.";
        }

        var message = TextNormalizer.Body(form.Message);
        if (message.Length == 0)
        {
            errors["message"] = "Please describe what you need.";
        }
        else if (message.Length > MaxMessageLength)
        {
            errors["message"] = $"The message is longer than {MaxMessageLength} characters.";
        }

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(form.Phone))
        {
            phone = ContactValidation.NormalizePhone(form.Phone, defaultPhoneRegion);
            if (phone is null)
            {
                errors["phone"] = "This does not look like a phone number; include the country code (+44 …).";
            }
        }

        Severity? declared = null;
        if (!string.IsNullOrWhiteSpace(form.Severity))
        {
            if (WireNames.TryParse(form.Severity, out Severity parsed))
            {
                declared = parsed;
            }
            else
            {
                errors["severity"] = "Severity must be S1, S2 or S3.";
            }
        }

        var product = TextNormalizer.SingleLine(form.Product, MaxProductLength + 1);
        if (product.Length > MaxProductLength)
        {
            errors["product"] = $"The product is longer than {MaxProductLength} characters.";
        }

        var key = idempotencyKey?.Trim();
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            errors["Idempotency-Key"] = $"The Idempotency-Key header is longer than {MaxIdempotencyKeyLength} characters.";
        }

        if (errors.Count > 0)
        {
            return new WebFormValidation(null, errors);
        }

        var submission = new InquirySubmission
        {
            Channel = Channel.Web,
            Requester = new Requester(name, email, phone),
            Subject = subject,
            Body = message,
            DedupeKey = string.IsNullOrEmpty(key) ? ContentKey(email!, subject, message, now) : SubmitterKey(email!, key),
            DeclaredSeverity = declared,
            Product = product.Length == 0 ? null : product,
            Language = form.Language,
        };
        return new WebFormValidation(submission, errors);
    }

    /// <summary>
    /// An Idempotency-Key counts only with the address it came with, and only its hash is stored: someone who guesses
    /// (or reads) another submitter's key gets their own new inquiry, never the other's reference.
    /// </summary>
    private static string SubmitterKey(string email, string key) =>
        "web:key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{email.ToLowerInvariant()}\n{key}")));

    /// <summary>
    /// Without an Idempotency-Key, the same person sending the same text on the same day is taken
    /// to be a retry (a double click, a resubmitted page), not a second request.
    /// </summary>
    private static string ContentKey(string email, string subject, string message, DateTimeOffset now)
    {
        var text = $"{email}\n{subject}\n{message}\n{now.UtcDateTime:yyyy-MM-dd}";
        return "web:content:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

public sealed record WebFormValidation(InquirySubmission? Submission, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Submission is not null;
}
