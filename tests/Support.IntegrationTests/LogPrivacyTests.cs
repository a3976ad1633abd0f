using Xunit;

namespace Support.IntegrationTests;

public sealed class LogPrivacyTests(AzuriteFixture env)
{
    [Fact]
    public async Task Logs_carry_references_and_steps_but_no_addresses_bodies_or_keys()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail("privacy");
        const string body = "My very private message body about invoice 4711";

        var reference = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(email, "Private subject line", body)));
        await Api.TicketWithEventAsync(env.Host.CreateStaffClient(), reference, "acknowledged");

        var lines = env.Host.Logs.Lines;
        Assert.Contains(lines, l => l.Contains($"{reference} accepted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{reference} triaged", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{reference} assigned", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"{reference} acknowledged", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(email, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains(body, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(LocalHostFactory.IntegrationKey, StringComparison.Ordinal));
    }
}
