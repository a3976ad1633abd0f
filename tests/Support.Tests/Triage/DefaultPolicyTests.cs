using Support.Core.Domain;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Xunit;

namespace Support.Tests.Triage;

/// <summary>The built-in policy on inquiries written for these tests.</summary>
public sealed class DefaultPolicyTests
{
    private static readonly PolicyTriageEngine Engine = new(TriagePolicyLoader.Default);

    private static TriageResult Classify(
        string subject, string body, Channel channel = Channel.Web, Severity? declared = null, string? tier = null) =>
        Engine.Classify(new TriageInput(channel, subject, body, declared, null, new Dictionary<string, string>(), tier));

    [Theory]
    [InlineData("Upload broken", "Uploading a CSV fails with \"Unexpected error\" since yesterday. Could you look into it?", Category.Technical)]
    [InlineData("Pricing", "Could you send us a quote for the Enterprise plan with 30 editors?", Category.Business)]
    [InlineData("Invoice address", "Our invoice INV-1234 should go to our new office; please update it.", Category.Business)]
    [InlineData("Security questionnaire", "Our procurement team needs your security questionnaire completed before we sign.", Category.Business)]
    [InlineData("Private datasets", "How do I make a dataset visible only to our team?", Category.Question)]
    [InlineData("Dark mode", "It would be nice to have a dark mode. Please add it to the roadmap.", Category.FeatureRequest)]
    [InlineData("Kick-off", "We have just signed and would like to book the onboarding session for our team.", Category.Onboarding)]
    public void Assigns_each_category_from_its_wording(string subject, string body, Category expected)
    {
        Assert.Equal(expected, Classify(subject, body).Category);
    }

    [Fact]
    public void A_production_outage_is_S1()
    {
        var result = Classify("Portal down", "Our production portal is down: every page returns a 503 error for everyone.");

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S1, result.Severity);
    }

    [Fact]
    public void The_same_outage_on_staging_is_not_S1()
    {
        var result = Classify("Staging down", "Our staging site is down: every page returns a 503 error for everyone.");

        Assert.Equal(Severity.S2, result.Severity);
        Assert.Contains(result.Reasons, r => r.Contains("non-production", StringComparison.Ordinal));
    }

    [Fact]
    public void Saying_it_is_not_the_test_site_keeps_an_outage_S1()
    {
        var result = Classify("Down", "The portal is down for everyone. This is the live site, not the test one.");

        Assert.Equal(Severity.S1, result.Severity);
    }

    [Fact]
    public void A_voicemail_transcription_is_read_despite_spelled_out_words()
    {
        var result = Classify("", "hi it's sam the a p i is completely down every request gives a five oh three call me back", Channel.Voice);

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S1, result.Severity);
    }

    [Fact]
    public void A_problem_with_a_workaround_is_S2()
    {
        var result = Classify("Export", "Excel export fails for some users; CSV export works as a workaround for now.");

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S2, result.Severity);
    }

    [Fact]
    public void The_submitters_S1_alone_raises_a_question_by_one_level_at_most()
    {
        var plain = Classify("Export", "How do I export the audit log?");
        var declared = Classify("Export", "How do I export the audit log?", declared: Severity.S1);

        Assert.Equal(Severity.S3, plain.Severity);
        Assert.True(declared.Severity >= Severity.S2, $"raised to {declared.Severity}");
    }

    [Fact]
    public void The_submitters_choice_raises_one_level_when_other_evidence_supports_it()
    {
        const string Body = "Our dashboards show a blank box on the live site.";
        var plain = Classify("Dashboards", Body);
        var declared = Classify("Dashboards", Body, declared: Severity.S1);

        Assert.Equal(Severity.S2, plain.Severity);
        Assert.Equal(Severity.S1, declared.Severity);
        Assert.Contains(declared.Reasons, r => r.Contains("submitter", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_result_names_the_rules_that_fired()
    {
        var result = Classify("Outage", "Total outage of the portal since 9am, nobody can log in.");

        Assert.StartsWith("category technical", result.Reasons[0], StringComparison.Ordinal);
        Assert.Contains(result.Reasons, r => r.StartsWith("technical +", StringComparison.Ordinal) && r.Contains("outage", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("severity S1", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.StartsWith("S1 +", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_with_no_rule_falls_back_to_the_default_category_and_says_so()
    {
        var result = Classify("", "Hello");

        Assert.Equal(Category.Question, result.Category);
        Assert.Equal(Severity.S3, result.Severity);
        Assert.Contains("policy default", result.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Download_does_not_count_as_down()
    {
        var result = Classify("Downloads", "Where can I see how many downloads a dataset had?");

        Assert.Equal(Category.Question, result.Category);
        Assert.Equal(Severity.S3, result.Severity);
    }

    [Theory]
    [InlineData("Checkout", "Since 14:00 every checkout on our shop returns 502 Bad Gateway and we are losing orders.")]
    [InlineData("Wrong data shown", "Our users open their dashboard and see another company's invoices and customer names.")]
    [InlineData("SSO", "Since the SSO change this morning our whole team is locked out; the login page loops back to the identity provider.")]
    [InlineData("Database", "After the import every record in our live workspace was wiped, all projects are empty.")]
    [InlineData("Payments", "None of our customers can pay: every card is declined at the last step.")]
    public void A_production_incident_is_S1_without_the_word_outage(string subject, string body)
    {
        var result = Classify(subject, body);

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S1, result.Severity);
    }

    [Fact]
    public void Nobody_can_phrased_in_a_voicemail_is_S1()
    {
        var result = Classify("", "hi its dana from the clinic nobody can log in to the booking system since eight patients are waiting", Channel.Voice);

        Assert.Equal(Severity.S1, result.Severity);
    }

    [Fact]
    public void A_negated_impact_does_not_count_and_the_reasons_say_so()
    {
        var result = Classify("Editor froze", "The editor froze twice today, but there was no data loss; nothing is down, it just needs a reload.");

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S2, result.Severity);
        Assert.Contains(result.Reasons, r => r.Contains("not counted, negated", StringComparison.Ordinal) && r.Contains("no data loss", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_urgent_is_not_urgency()
    {
        var result = Classify("Export", "Not urgent: the PDF export is broken in production, we use the CSV export meanwhile.");

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("S1 +", StringComparison.Ordinal) && r.Contains("urgency", StringComparison.Ordinal));
        Assert.Equal(Severity.S2, result.Severity);
    }

    [Fact]
    public void Nobody_can_log_in_on_a_test_environment_is_not_S1()
    {
        var result = Classify("UAT", "On our UAT environment nobody can log in since the configuration change.");

        Assert.Equal(Category.Technical, result.Category);
        Assert.Equal(Severity.S2, result.Severity);
    }

    [Fact]
    public void Everyone_affected_but_working_elsewhere_stays_S2()
    {
        var result = Classify("Slow", "The app is slow for everyone since yesterday, pages take 5 seconds, but it works in the end.");

        Assert.Equal(Severity.S2, result.Severity);
    }

    [Fact]
    public void A_security_word_in_a_feature_request_is_not_an_incident()
    {
        var result = Classify("Hardware keys", "Could you add support for hardware security keys? Our policy wants to prevent account takeover.");

        Assert.Equal(Category.FeatureRequest, result.Category);
        Assert.Equal(Severity.S3, result.Severity);
    }
}
