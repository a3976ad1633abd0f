using Support.Core.Domain;
using Xunit;

namespace Support.Tests.Domain;

public sealed class TicketReferenceTests
{
    [Fact]
    public void The_same_key_derives_the_same_reference_and_attempts_differ()
    {
        var first = TicketReference.Derive("web:key:abc", 0);

        Assert.Equal(first, TicketReference.Derive("web:key:abc", 0));
        Assert.NotEqual(first, TicketReference.Derive("web:key:abc", 1));
        Assert.True(TicketReference.IsValid(first));
        Assert.Matches("^SUP-[0-9A-HJKMNP-TV-Z]{6}$", first);
    }

    [Theory]
    [InlineData("Re: [SUP-7K3Q9F] Cannot log in", "SUP-7K3Q9F")]
    [InlineData("re: [sup-7k3q9f] lower case", "SUP-7K3Q9F")]
    [InlineData("support+SUP-7K3Q9F@example.com", "SUP-7K3Q9F")]
    [InlineData("SUP-7K3Q9FX is longer", null)]
    [InlineData("SUP-ILOU00 has letters we never use", null)]
    [InlineData("no reference here", null)]
    public void References_are_found_in_free_text(string text, string? expected) =>
        Assert.Equal(expected, TicketReference.FindIn(text));
}
