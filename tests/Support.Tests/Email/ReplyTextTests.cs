using Support.Core.Email;
using Xunit;

namespace Support.Tests.Email;

public sealed class ReplyTextTests
{
    [Fact]
    public void Original_message_marker_starts_the_history()
    {
        var parts = ReplyText.Split("Still broken.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\n\nHello");

        Assert.Equal("Still broken.", parts.NewText);
        Assert.StartsWith("-----Original Message-----", parts.Quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_delimiter_separates_the_signature()
    {
        var parts = ReplyText.Split("Please call me back.\n\n-- \nMax Mustermann\n+49 30 1234567");

        Assert.Equal("Please call me back.", parts.NewText);
        Assert.Equal("-- \nMax Mustermann\n+49 30 1234567", parts.Signature);
        Assert.Equal(string.Empty, parts.Quoted);
    }

    [Fact]
    public void Interleaved_answers_stay_new_text_and_only_the_trailing_quote_goes()
    {
        var text = "> Which version do you run?\n2.3.1\n\n> Since when?\nMonday.\n\n> Regards\n> Support";

        var parts = ReplyText.Split(text);

        Assert.Equal("> Which version do you run?\n2.3.1\n\n> Since when?\nMonday.", parts.NewText);
        Assert.Equal("> Regards\n> Support", parts.Quoted);
    }

    [Fact]
    public void Localized_attribution_line_is_recognised()
    {
        var parts = ReplyText.Split("Danke!\n\nAm 16.11.2026 um 10:12 schrieb Support <support@example.com>:\n> Hallo");

        Assert.Equal("Danke!", parts.NewText);
    }

    [Fact]
    public void Text_without_markers_is_all_new()
    {
        var parts = ReplyText.Split("Hello,\nOn my screen it says wrote: nothing.");

        Assert.Equal("Hello,\nOn my screen it says wrote: nothing.", parts.NewText);
    }
}

public sealed class HtmlTextTests
{
    [Fact]
    public void Blockquotes_become_quote_lines()
    {
        var text = Adapters.Email.HtmlText.ToPlainText("<div>Fine now.</div><blockquote><p>Try again</p><blockquote>Nested</blockquote></blockquote>");

        Assert.Equal("Fine now.\n> Try again\n>> Nested", text);
    }

    [Fact]
    public void Preformatted_text_keeps_its_lines_and_entities_are_decoded()
    {
        var text = Adapters.Email.HtmlText.ToPlainText("<p>Log:</p><pre>line 1\nline  2</pre><p>a&lt;b &eacute;</p>");

        Assert.Equal("Log:\nline 1\nline  2\na<b é", text);
    }
}

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
        Assert.Equal(expected, Adapters.Email.AttachmentNames.Sanitize(name, "image/png", 3));
    }

    [Fact]
    public void Long_names_are_shortened_keeping_the_extension()
    {
        var name = Adapters.Email.AttachmentNames.Sanitize(new string('a', 300) + ".xlsx", "application/octet-stream", 1);

        Assert.Equal(Adapters.Email.AttachmentNames.MaxLength, name.Length);
        Assert.EndsWith("a.xlsx", name, StringComparison.Ordinal);
    }
}
