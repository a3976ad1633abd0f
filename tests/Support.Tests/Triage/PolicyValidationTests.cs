using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Xunit;

namespace Support.Tests.Triage;

public sealed class PolicyValidationTests
{
    private static TriagePolicyException Invalid(string json) =>
        Assert.Throws<TriagePolicyException>(() => TriagePolicy.Parse(json, "test.json"));

    [Fact]
    public void The_built_in_policy_is_valid()
    {
        Assert.Equal("(built in)", TriagePolicyLoader.Default.Source);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_where_it_is()
    {
        var error = Invalid("""
            {
              "version": 1,
              "defaultCategory": "questions",
              "categories": [
                { "category": "tech", "rules": [] },
                { "category": "business", "rules": [
                  { "id": "bad-regex", "pattern": "(unclosed", "weight": 1 },
                  { "id": "a", "phrases": ["x"], "weight": 1 },
                  { "id": "a", "phrases": ["y"], "weight": 1 },
                  { "id": "nothing", "weight": 1 },
                  { "id": "weightless", "phrases": ["z"], "weight": 0 }
                ] }
              ],
              "severity": { "levels": [ { "severity": "S4", "threshold": 1 } ] }
            }
            """);

        Assert.Contains(error.Problems, p => p.Contains("unknown category \"questions\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("categories[0].category: unknown category \"tech\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("(bad-regex): invalid pattern /(unclosed/", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("id \"a\" is used more than once", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("(nothing): a rule needs phrases or a pattern", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("(weightless): weight must be a non-zero number", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("unknown severity \"S4\"", StringComparison.Ordinal));
        Assert.StartsWith("The triage policy test.json is invalid:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_rejected_rather_than_ignored()
    {
        var error = Invalid("""{ "version": 1, "defaultCategory": "question", "categories": [ { "category": "technical", "rules": [ { "id": "a", "phrases": ["x"], "wieght": 2 } ] } ] }""");

        Assert.Contains("wieght", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_a_policy_error()
    {
        Assert.Contains("not valid policy JSON", Invalid("{ \"version\": ").Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Caps_and_adjustments_are_checked()
    {
        var error = Invalid("""
            {
              "version": 2,
              "defaultCategory": "question",
              "categories": [ { "category": "technical", "rules": [ { "id": "a", "phrases": ["x"], "weight": 1 } ] } ],
              "severity": { "caps": [ { "id": "cap", "capAt": "S9", "phrases": ["staging"], "unlessPattern": "[" } ] },
              "adjustments": [ { "id": "adj", "channel": "fax", "severity": {} } ]
            }
            """);

        Assert.Contains(error.Problems, p => p.Contains("version 2 is not supported", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("capAt: unknown severity \"S9\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("unlessPattern: invalid pattern", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("unknown channel \"fax\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("adjustments[0]: an adjustment needs severity weights", StringComparison.Ordinal));
    }

    [Fact]
    public void An_override_path_that_cannot_be_read_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<TriagePolicyException>(() => TriagePolicyLoader.Load(new TriageOptions { PolicyPath = path }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_path_replaces_the_built_in_policy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "version": 1, "defaultCategory": "onboarding", "categories": [ { "category": "technical", "rules": [ { "id": "a", "phrases": ["x"], "weight": 1 } ] } ] }""");
        try
        {
            var policy = TriagePolicyLoader.Load(new TriageOptions { PolicyPath = path });

            Assert.Equal(path, policy.Source);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
