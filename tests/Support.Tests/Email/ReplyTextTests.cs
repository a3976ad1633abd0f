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
