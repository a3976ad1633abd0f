using Support.Core.Mail;
using Xunit;

namespace Support.Tests.Mail;

public sealed class MailThreadingHeadersTests
{
    [Fact]
    public void In_reply_to_names_the_answered_mail_and_references_end_with_it()
    {
        var headers = new Dictionary<string, string>().WithThreading("b@x", ["a@x", "b@x", "c@x"]);

        Assert.Equal("<b@x>", headers["In-Reply-To"]);
        Assert.Equal("<a@x> <c@x> <b@x>", headers["References"]);
    }

    [Fact]
    public void Ids_from_mail_can_never_start_a_header_or_break_out_of_their_brackets()
    {
        Assert.Empty(new Dictionary<string, string>().WithThreading("a@x\r\nBcc: evil@example.net", ["c@x"]));

        var headers = new Dictionary<string, string>().WithThreading("a@x", ["<c@x>", "d@x\nBcc: evil@example.net", "e@x"]);
        Assert.Equal("<e@x> <a@x>", headers["References"]);
    }

    [Fact]
    public void A_long_thread_keeps_the_latest_references()
    {
        var earlier = Enumerable.Range(1, 30).Select(i => $"m{i}@x").ToList();

        var headers = new Dictionary<string, string>().WithThreading("last@x", earlier);

        Assert.Equal(MailHeaders.MaxReferences, headers["References"].Split(' ').Length);
        Assert.EndsWith("<last@x>", headers["References"], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_mail_to_answer_nothing_is_added() =>
        Assert.Empty(new Dictionary<string, string>().WithThreading(null, ["a@x"]));
}
