using System.Text;
using MimeKit.Text;

namespace Support.Adapters.Email;

/// <summary>
/// Plain text from an HTML mail body: block elements become line breaks, list items get a dash and
/// blockquotes become "&gt; " lines, so the reply splitter sees the quoted history as it would in a
/// plain-text mail. Scripts, styles and the document head are dropped.
/// </summary>
public static class HtmlText
{
    public static string ToPlainText(string html)
    {
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        var output = new Writer();
        var hidden = 0;
        var preformatted = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when IsHidden(tag.Id):
                    if (!tag.IsEmptyElement)
                    {
                        hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                    }

                    break;

                case HtmlTagToken tag when hidden == 0:
                    OnTag(tag, output, ref preformatted);
                    break;

                case HtmlDataToken { Kind: HtmlTokenKind.Data } data when hidden == 0:
                    output.Text(data.Data, preformatted > 0);
                    break;
            }
        }

        return output.ToString();
    }

    private static void OnTag(HtmlTagToken tag, Writer output, ref int preformatted)
    {
        switch (tag.Id)
        {
            case HtmlTagId.Br:
                output.LineBreak();
                break;
            case HtmlTagId.BlockQuote:
                output.EndBlock();
                output.QuoteDepth += tag.IsEndTag ? -1 : 1;
                break;
            case HtmlTagId.LI when !tag.IsEndTag:
                output.EndBlock();
                output.Text("- ", preformatted: true);
                break;
            case HtmlTagId.TD or HtmlTagId.TH when !tag.IsEndTag:
                output.Text(" ", preformatted: false);
                break;
            case HtmlTagId.Pre:
                output.EndBlock();
                preformatted = Math.Max(0, preformatted + (tag.IsEndTag ? -1 : 1));
                break;
            case HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.Table or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.LI
                or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.HR
                or HtmlTagId.DL or HtmlTagId.DT or HtmlTagId.DD or HtmlTagId.Section or HtmlTagId.Article or HtmlTagId.Header
                or HtmlTagId.Footer or HtmlTagId.Address or HtmlTagId.Center:
                output.EndBlock();
                break;
        }
    }

    private static bool IsHidden(HtmlTagId id) => id is HtmlTagId.Head or HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Title;

    /// <summary>Collects lines, collapsing white space the way a browser would and prefixing quoted lines.</summary>
    private sealed class Writer
    {
        private readonly List<string> _lines = [];
        private readonly StringBuilder _line = new();
        private bool _pendingSpace;

        public int QuoteDepth { get; set; }

        public void Text(string text, bool preformatted)
        {
            foreach (var c in text)
            {
                if (preformatted && c == '\n')
                {
                    LineBreak();
                }
                else if (!preformatted && (char.IsWhiteSpace(c) || c == '\u00A0'))
                {
                    _pendingSpace = _line.Length > 0;
                }
                else if (!char.IsControl(c))
                {
                    if (_pendingSpace)
                    {
                        _line.Append(' ');
                        _pendingSpace = false;
                    }

                    _line.Append(c);
                }
            }
        }

        public void LineBreak()
        {
            _lines.Add(new string('>', Math.Max(0, QuoteDepth)) + (QuoteDepth > 0 ? " " : string.Empty) + _line.ToString().TrimEnd());
            _line.Clear();
            _pendingSpace = false;
        }

        /// <summary>Ends the current line if it has text; a block never leaves an empty line behind an empty one.</summary>
        public void EndBlock()
        {
            if (_line.Length > 0)
            {
                LineBreak();
            }
        }

        public override string ToString()
        {
            EndBlock();
            var text = new StringBuilder();
            var blank = 0;
            foreach (var line in _lines)
            {
                var isBlank = line.Trim('>', ' ').Length == 0;
                blank = isBlank ? blank + 1 : 0;
                if (blank <= 1)
                {
                    text.Append(line.TrimEnd()).Append('\n');
                }
            }

            return text.ToString().Trim();
        }
    }
}
