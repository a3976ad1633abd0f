using Support.Adapters.Email;
using Xunit;

namespace Support.Tests.Adapters.Email;

public sealed class AttachmentNamesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\ann\\bill.pdf", "bill.pdf")]
    [InlineData("in\u0007voice\r\n.pdf", "in_voice__.pdf")]
    [InlineData("..hidden", "hidden")]
    [InlineData("what?*<>|.txt", "what_____.txt")]
    [InlineData("", "attachment-3.png")]
    [InlineData(null, "attachment-3.png")]
    public void Names_are_made_safe(string? name, string expected)
    {
        Assert.Equal(expected, AttachmentNames.Sanitize(name, "image/png", 3));
    }

    [Fact]
    public void Long_names_are_shortened_keeping_the_extension()
    {
        var name = AttachmentNames.Sanitize(new string('a', 300) + ".xlsx", "application/octet-stream", 1);

        Assert.Equal(AttachmentNames.MaxLength, name.Length);
        Assert.EndsWith("a.xlsx", name, StringComparison.Ordinal);
    }
}
