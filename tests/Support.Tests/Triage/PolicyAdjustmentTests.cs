using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Support.Core.Voice;
using Xunit;

namespace Support.Tests.Triage;

/// <summary>Tier, channel and attribute adjustments and the declared-severity hint, on a small policy written for the tests.</summary>
public sealed class PolicyAdjustmentTests
{
    // One point of S1 evidence from "outage"; every adjustment adds the two more that reach the threshold.
    private const string Policy = """
        {
          "version": 1,
          "defaultCategory": "question",
          "categories": [
            { "category": "technical", "rules": [ { "id": "fault", "phrases": ["outage", "error"], "weight": 2 } ] }
          ],
          "severity": {
            "declaredSeverityWeight": 5,
            "categoryBaseline": { "technical": "S2" },
            "levels": [ { "severity": "S1", "threshold": 3, "rules": [ { "id": "s1-outage", "phrases": ["outage"], "weight": 1 } ] } ]
          },
          "adjustments": [
            { "id": "vip-tier", "tier": "vip", "severity": { "S1": 2 } },
            { "id": "voicemail-out-of-hours", "channel": "voice", "attributes": { "outOfHours": "true" }, "severity": { "S1": 2 } }
          ]
        }
        """;

    // The customer tiers are the SLA policy's: one list for both triage and the SLA.
    private const string SlaPolicyWithTiers = """
        {
          "version": 1,
          "tiers": [ { "name": "vip", "domains": ["bigcustomer.example"] } ],
          "rules": [ { "id": "all", "match": {}, "firstResponse": "8 hours" } ]
        }
        """;

    private static readonly PolicyTriageEngine Engine = new(
        TriagePolicy.Parse(Policy, "test"),
        SlaPolicy.Parse(SlaPolicyWithTiers, "test", RegionPolicy.LoadEmbedded()));

    private static TriageResult Classify(
        string body,
        Channel channel = Channel.Web,
        string? email = null,
        string? tier = null,
        Severity? declared = null,
        Dictionary<string, string>? attributes = null) =>
        Engine.Classify(new TriageInput(channel, "", body, declared, email, attributes ?? [], tier));

    [Fact]
    public void A_standard_customer_outage_without_more_evidence_stays_S2()
    {
        Assert.Equal(Severity.S2, Classify("outage", email: "someone@smallcustomer.example").Severity);
    }

    [Fact]
    public void The_vip_tier_adds_its_weight()
    {
        var result = Classify("outage", tier: "vip");

        Assert.Equal(Severity.S1, result.Severity);
        Assert.Contains("S1 +2 vip-tier", result.Reasons);
    }

    [Theory]
    [InlineData("ops@bigcustomer.example")]
    [InlineData("ops@eu.bigcustomer.example")]
    public void A_requester_from_a_domain_of_the_sla_policys_vip_tier_is_vip(string email)
    {
        var result = Classify("outage", email: email);

        Assert.Equal(Severity.S1, result.Severity);
        Assert.Contains("tier vip: the requester's domain is in that customer tier", result.Reasons);
    }

    [Fact]
    public void A_lookalike_domain_is_not_vip()
    {
        Assert.Equal(Severity.S2, Classify("outage", email: "ops@notbigcustomer.example").Severity);
    }

    [Fact]
    public void An_explicit_tier_wins_over_the_customer_tiers()
    {
        Assert.Equal(Severity.S2, Classify("outage", email: "ops@bigcustomer.example", tier: "standard").Severity);
    }

    [Fact]
    public void An_out_of_hours_voicemail_adds_its_weight()
    {
        var outOfHours = new Dictionary<string, string> { ["outOfHours"] = "true" };

        Assert.Equal(Severity.S1, Classify("outage", Channel.Voice, attributes: outOfHours).Severity);
        Assert.Equal(Severity.S2, Classify("outage", Channel.Voice, attributes: new() { ["outOfHours"] = "false" }).Severity);
        Assert.Equal(Severity.S2, Classify("outage", Channel.Email, attributes: outOfHours).Severity);
    }

    [Fact]
    public void A_declared_severity_never_raises_more_than_one_level_however_heavy()
    {
        var result = Classify("hello", declared: Severity.S1);

        Assert.Equal(Severity.S2, result.Severity);
        Assert.Contains(result.Reasons, r => r.Contains("raised one level by the submitter's choice of S1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_severity_lower_than_the_evidence_does_not_lower_it()
    {
        Assert.Equal(Severity.S2, Classify("error", declared: Severity.S3).Severity);
    }
}
