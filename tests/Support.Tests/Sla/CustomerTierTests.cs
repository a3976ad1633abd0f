using Microsoft.Extensions.DependencyInjection;
using Support.Core;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Voice;
using Xunit;

namespace Support.Tests.Sla;

/// <summary>The customer tiers of the SLA policy, which triage reads too.</summary>
public sealed class CustomerTierTests
{
    private static SlaPolicy Policy(string tiers) => SlaPolicy.Parse(
        $$"""
        {
          "version": 1,
          "tiers": {{tiers}},
          "rules": [ { "id": "all", "match": {}, "firstResponse": "8 hours" } ]
        }
        """,
        "test",
        RegionPolicy.LoadEmbedded());

    [Theory]
    [InlineData("ops@bigcustomer.example", "vip")]
    [InlineData("Ops@EU.BigCustomer.example", "vip")]
    [InlineData("ops@notbigcustomer.example", null)]
    [InlineData("ops@bigcustomer.example.evil", null)]
    [InlineData(null, null)]
    public void A_requester_is_in_the_tier_of_their_domain_or_a_parent_domain(string? email, string? tier)
    {
        var policy = Policy("""[ { "name": "vip", "domains": ["bigcustomer.example"] } ]""");

        Assert.Equal(tier, policy.TierOf(email));
    }

    [Fact]
    public void A_tier_without_a_name_or_with_an_address_for_a_domain_is_refused_with_both_problems()
    {
        var error = Assert.Throws<InvalidDataException>(() => Policy("""[ { "name": " ", "domains": ["someone@example.com", "localhost"] } ]"""));

        Assert.Contains("a tier needs a name", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"someone@example.com\" is not a domain", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"localhost\" is not a domain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apps_triage_reads_the_tiers_of_the_apps_sla_policy()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Policy("""[ { "name": "vip", "domains": ["bigcustomer.example"] } ]"""))
            .AddSupportCore(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var result = services.GetRequiredService<ITriageEngine>().Classify(
            new TriageInput(Channel.Web, "Question", "How do I add a user?", null, "ops@bigcustomer.example", new Dictionary<string, string>()));

        Assert.Contains("tier vip: the requester's domain is in that customer tier", result.Reasons);
    }
}
