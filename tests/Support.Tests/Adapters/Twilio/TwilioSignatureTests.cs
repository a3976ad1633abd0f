using Microsoft.Extensions.Options;
using Support.Adapters.Twilio;
using Support.Core.Mail;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Adapters.Twilio;

/// <summary>Twilio's published vectors (docs example and the SDKs' RequestValidator tests): token 12345.</summary>
public sealed class TwilioSignatureTests
{
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly Dictionary<string, string> Params = new(StringComparer.Ordinal)
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+14158675309",
        ["Digits"] = "1234",
        ["From"] = "+14158675309",
        ["To"] = "+18005551212",
    };

    [Fact]
    public void Computes_the_published_signature() =>
        Assert.Equal(Expected, TwilioSignature.Compute(Token, Url, Params));

    [Fact]
    public void Computes_the_docs_variant_with_another_caller()
    {
        var changed = new Dictionary<string, string>(Params) { ["Caller"] = "+14158675310", ["From"] = "+14158675310" };
        Assert.Equal("GvWf1cFY/Q7PnoempGyD5oXAezc=", TwilioSignature.Compute(Token, Url, changed));
    }

    [Fact]
    public void A_repeated_name_is_checked_as_the_dotnet_library_reads_the_form()
    {
        // Twilio's .NET validator reads a form through NameValueCollection, which joins a repeated
        // name's values with commas; Twilio's voice webhooks never repeat a name.
        KeyValuePair<string, string>[] form = [new("Digits", "5678"), new("Digits", "1234")];
        KeyValuePair<string, string>[] joined = [new("Digits", "5678,1234")];
        Assert.True(TwilioSignature.Matches(Token, Url, form, TwilioSignature.Compute(Token, Url, joined)));
        Assert.False(TwilioSignature.Matches(Token, Url, [new("Digits", "5678")], TwilioSignature.Compute(Token, Url, form)));
    }

    [Fact]
    public void Accepts_the_valid_signature() => Assert.True(TwilioSignature.Matches(Token, Url, Params, Expected));

    [Fact]
    public void Rejects_a_tampered_parameter()
    {
        var tampered = new Dictionary<string, string>(Params) { ["Digits"] = "1235" };
        Assert.False(TwilioSignature.Matches(Token, Url, tampered, Expected));
    }

    [Fact]
    public void Rejects_an_added_parameter()
    {
        var added = new Dictionary<string, string>(Params) { ["Extra"] = "x" };
        Assert.False(TwilioSignature.Matches(Token, Url, added, Expected));
    }

    [Fact]
    public void Rejects_the_wrong_url() =>
        Assert.False(TwilioSignature.Matches(Token, "https://mycompany.com/myapp.php?foo=1&bar=3", Params, Expected));

    [Fact]
    public void Rejects_the_wrong_token() => Assert.False(TwilioSignature.Matches("12346", Url, Params, Expected));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    public void Rejects_missing_or_malformed_signatures(string? signature) =>
        Assert.False(TwilioSignature.Matches(Token, Url, Params, signature));

    [Fact]
    public void A_non_default_port_is_ignored_as_Twilio_does() =>
        Assert.True(TwilioSignature.Matches(Token, "https://mycompany.com:1234/myapp.php?foo=1&bar=2", Params, Expected));

    [Fact]
    public void A_non_default_port_on_http_is_ignored() =>
        Assert.True(TwilioSignature.Matches(Token, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", Params, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="));

    [Fact]
    public void A_signature_over_the_url_with_the_default_port_is_accepted()
    {
        Assert.True(TwilioSignature.Matches(Token, Url, Params, "kvajT1Ptam85bY51eRf/AJRuM3w="));
        Assert.True(TwilioSignature.Matches(Token, "http://mycompany.com/myapp.php?foo=1&bar=2", Params, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
    }

    [Fact]
    public void Validates_against_the_public_base_url_not_the_host_url()
    {
        var validator = new TwilioSignature(
            Options.Create(new TwilioOptions { AuthToken = Token }),
            Options.Create(new SiteOptions { PublicBaseUrl = "https://mycompany.com/" }));

        Assert.Equal(Url, validator.PublicUrl("/myapp.php?foo=1&bar=2"));
        Assert.True(validator.IsValid("/myapp.php?foo=1&bar=2", Params, Expected));
        Assert.False(validator.IsValid("/myapp.php?foo=1", Params, Expected));
    }

    [Fact]
    public void Fails_closed_without_an_auth_token()
    {
        var validator = new TwilioSignature(
            Options.Create(new TwilioOptions()),
            Options.Create(new SiteOptions { PublicBaseUrl = "https://mycompany.com" }));
        Assert.False(validator.IsValid("/myapp.php?foo=1&bar=2", Params, Expected));
    }
}
