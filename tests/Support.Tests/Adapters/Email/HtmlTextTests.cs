using Support.Adapters.Email;
using Xunit;

namespace Support.Tests.Adapters.Email;

public sealed class HtmlTextTests
{
    [Fact]
    public void Blockquotes_become_quote_lines()
    {
        var text = HtmlText.ToPlainText("<div>Fine now.</div><blockquote><p>Try again</p><blockquote>Nested</blockquote></blockquote>");

        Assert.Equal("Fine now.\n> Try again\n>> Nested", text);
    }

    [Fact]
    public void Preformatted_text_keeps_its_lines_and_entities_are_decoded()
    {
        var text = HtmlText.ToPlainText("<p>Log:</p><pre>line 1\nline  2</pre><p>a&lt;b &eacute;</p>");

        Assert.Equal("Log:\nline 1\nline  2\na<b é", text);
    }
}
