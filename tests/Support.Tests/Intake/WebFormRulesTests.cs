using Support.Core.Domain;
using Support.Core.Intake;
using Xunit;

namespace Support.Tests.Intake;

public sealed class WebFormRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_complete_form_becomes_a_normalized_submission()
    {
        var result = WebFormRules.Validate(
            new WebFormSubmission { Name = "  Ada \r\n Lovelace ", Email = "Ada@Example.COM", Subject = "Cannot\r\nBcc: x@evil.test", Message = "line one\r\nline two\r", Phone = "020 7946 0018", Severity = "s2" },
            null, "GB", Now);

        Assert.True(result.IsValid);
        var submission = result.Submission!;
        Assert.Equal("Ada Lovelace", submission.Requester.Name);
        Assert.Equal("ada@example.com", submission.Requester.Email);
        Assert.Equal("+442079460018", submission.Requester.Phone);
        Assert.Equal("Cannot Bcc: x@evil.test", submission.Subject);
        Assert.DoesNotContain('\n', submission.Subject);
        Assert.Equal("line one\nline two", submission.Body);
        Assert.Equal(Severity.S2, submission.DeclaredSeverity);
        Assert.Equal(Channel.Web, submission.Channel);
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var result = WebFormRules.Validate(
            new WebFormSubmission { Name = "", Email = "not-an-address", Subject = new string('s', 201), Message = " ", Phone = "12", Severity = "urgent" },
            new string('k', 201), "GB", Now);

        Assert.False(result.IsValid);
        Assert.Equal(
            ["Idempotency-Key", "email", "message", "name", "phone", "severity", "subject"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_text_on_the_same_day_is_one_inquiry_and_an_idempotency_key_wins()
    {
        var form = new WebFormSubmission { Name = "Ada", Email = "ada@example.com", Subject = "Hi", Message = "Help" };

        var first = WebFormRules.Validate(form, null, "GB", Now).Submission!;
        var retry = WebFormRules.Validate(form, null, "GB", Now.AddHours(1)).Submission!;
        var nextDay = WebFormRules.Validate(form, null, "GB", Now.AddDays(1)).Submission!;
        var keyed = WebFormRules.Validate(form, "client-key-1", "GB", Now).Submission!;
        var keyedRetry = WebFormRules.Validate(form with { Message = "Help, again" }, "client-key-1", "GB", Now.AddDays(2)).Submission!;
        var sameKeyOtherSubmitter = WebFormRules.Validate(form with { Email = "eve@example.com" }, "client-key-1", "GB", Now).Submission!;

        Assert.Equal(first.DedupeKey, retry.DedupeKey);
        Assert.NotEqual(first.DedupeKey, nextDay.DedupeKey);
        Assert.Equal(keyed.DedupeKey, keyedRetry.DedupeKey);
        Assert.NotEqual(keyed.DedupeKey, sameKeyOtherSubmitter.DedupeKey);

        // Only a hash of address and key is stored: the key itself is nowhere to be read or guessed against.
        Assert.StartsWith("web:key:", keyed.DedupeKey, StringComparison.Ordinal);
        Assert.DoesNotContain("client-key-1", keyed.DedupeKey, StringComparison.Ordinal);
    }

    [Fact]
    public void The_honeypot_marks_a_bot() =>
        Assert.True(new WebFormSubmission { Website = "http://spam.example" }.IsBot);
}
