using System.Text;
using Microsoft.Extensions.Options;
using Support.Adapters.Email;
using Support.Core.Email;
using Support.Core.Ports;
using Xunit;

namespace Support.Tests.Adapters.Email;

/// <summary>Crafted mail straight to the Inbound Parse parser: it answers with a mail or a reason, never an exception, within bounded work.</summary>
public sealed class HostileEmailCorpusTests
{
    private static SendGridInboundParser Parser(long maxMessage = 30L * 1024 * 1024, long maxAttachments = 20L * 1024 * 1024) =>
        new(Options.Create(new EmailIntakeOptions { MaxMessageBytes = maxMessage, MaxAttachmentBytes = maxAttachments }));

    private static EmailParseResult ParseRaw(string raw, SendGridInboundParser? parser = null) =>
        (parser ?? Parser()).Parse(InboundMailPost.FromStrings(new Dictionary<string, string> { ["email"] = raw }));

    [Fact]
    public void Mime_nested_a_thousand_levels_deep_is_read_to_the_depth_limit_without_recursion_trouble()
    {
        var raw = new StringBuilder("From: Ada <ada@example.com>\r\nSubject: nested\r\n");
        for (var i = 0; i < 1000; i++)
        {
            raw.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        raw.Append("Content-Type: text/plain\r\n\r\ndeep down\r\n");

        var result = ParseRaw(raw.ToString());

        Assert.True(result.IsParsed || result.Reason is { Length: > 0 });
    }

    [Fact]
    public void A_zip_bomb_attachment_is_kept_as_the_bytes_it_is_and_never_expanded()
    {
        // 1 MB of zeros deflates to about a kilobyte: a bomb for anything that unpacks it, which nothing here does.
        using var packed = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zip.Write(new byte[1024 * 1024]);
        }

        var bomb = packed.ToArray();
        var raw = "From: Ada <ada@example.com>\r\nSubject: bomb\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
            + "--x\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            + "--x\r\nContent-Type: application/gzip\r\nContent-Disposition: attachment; filename=\"../../bomb.gz\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(bomb, Base64FormattingOptions.InsertLineBreaks) + "\r\n--x--\r\n";

        var result = ParseRaw(raw);

        Assert.True(result.IsParsed, result.Reason);
        var attachment = Assert.Single(result.Email!.Attachments);
        Assert.Equal(bomb.Length, attachment.Content.ToMemory().Length);
        Assert.Equal("bomb.gz", attachment.FileName);
    }

    [Fact]
    public void Attachments_over_the_cap_are_dropped_with_a_reason_and_the_mail_still_arrives()
    {
        var raw = "From: Ada <ada@example.com>\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
            + "--x\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            + "--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(new byte[200_000], Base64FormattingOptions.InsertLineBreaks) + "\r\n--x--\r\n";

        var result = ParseRaw(raw, Parser(maxAttachments: 100_000));

        Assert.True(result.IsParsed, result.Reason);
        Assert.Empty(result.Email!.Attachments);
        Assert.Contains("limit", Assert.Single(result.Email.Dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_post_is_refused_as_too_large_before_it_is_read()
    {
        var result = ParseRaw("From: a@example.com\r\n\r\n" + new string('x', 2_000_000), Parser(maxMessage: 1_000_000));

        Assert.Equal(EmailRejection.TooLarge, result.Rejection);
        Assert.Contains("limit", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_thousand_headers_and_a_folded_injection_leave_a_clean_subject()
    {
        var raw = new StringBuilder("From: \"Ada\r\n Bcc: victim@example.net\" <ada@example.com>\r\nSubject: hello\r\n\tBcc: victim@example.net\r\n");
        for (var i = 0; i < 50_000; i++)
        {
            raw.Append("X-Junk-").Append(i).Append(": ").Append('v', 20).Append("\r\n");
        }

        raw.Append("\r\nbody\r\n");

        var result = ParseRaw(raw.ToString());

        Assert.True(result.IsParsed, result.Reason);
        Assert.DoesNotContain('\n', result.Email!.Subject);
        Assert.DoesNotContain('\r', result.Email.Subject);
        Assert.DoesNotContain('\n', result.Email.From.Name ?? string.Empty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0\0")]
    [InlineData("not a mail at all")]
    [InlineData("From:\r\n\r\n")]
    [InlineData("From: <>\r\nSubject: x\r\n\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\n")]
    public void Garbage_is_refused_with_a_reason(string raw)
    {
        var result = ParseRaw(raw);

        Assert.False(result.IsParsed);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Invalid_utf8_in_a_raw_mail_becomes_replacement_characters_not_an_error()
    {
        var bytes = Encoding.ASCII.GetBytes("From: Ada <ada@example.com>\r\nSubject: bad \r\n\r\nbody ")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80 })
            .ToArray();

        var result = Parser().Parse(new InboundMailPost(new Dictionary<string, BinaryData> { ["email"] = BinaryData.FromBytes(bytes) }, []));

        Assert.True(result.IsParsed, result.Reason);
        Assert.StartsWith("body", result.Email!.Text, StringComparison.Ordinal);
    }
}
