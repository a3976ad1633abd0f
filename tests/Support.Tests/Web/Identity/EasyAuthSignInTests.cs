using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Support.Web.Identity;
using Xunit;

namespace Support.Tests.Web.Identity;

/// <summary>
/// Azure's rule for Easy Auth's principal: believed only while the platform's authentication is on
/// (<c>WEBSITE_AUTH_ENABLED=True</c>, when the platform strips the header from what clients send), and
/// read for the address the roster is matched on.
/// </summary>
public sealed class EasyAuthSignInTests
{
    private static readonly string Hannah = Principal("""{"auth_typ":"aad","claims":[{"typ":"name","val":"Hannah Price"},{"typ":"preferred_username","val":"Hannah.Price@example.com"}],"name_typ":"name","role_typ":"roles"}""");

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    [InlineData("")]
    public void The_principal_header_is_ignored_unless_the_platform_authentication_is_on(string? enabled)
    {
        Assert.Null(Reader(enabled).Read(RequestWith(Hannah)));
    }

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    public void With_the_platform_authentication_on_the_address_and_name_are_read(string enabled)
    {
        var user = Reader(enabled).Read(RequestWith(Hannah));

        Assert.Equal(new SignedInUser(null, "Hannah.Price@example.com", "Hannah Price"), user);
    }

    [Theory]
    [InlineData("""{"claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn","val":"liam.walsh@example.com"}]}""", "liam.walsh@example.com")]
    [InlineData("""{"claims":[{"typ":"email","val":"maria@example.com"},{"typ":"preferred_username","val":"not-an-address"}]}""", "maria@example.com")]
    public void The_address_comes_from_whichever_claim_entra_id_put_it_in(string json, string email) =>
        Assert.Equal(email, EasyAuthSignIn.Parse(Principal(json))?.Email);

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    public void A_principal_that_is_not_one_signs_no_one_in(string header) =>
        Assert.Null(EasyAuthSignIn.Parse(header));

    [Fact]
    public void A_principal_without_an_address_signs_no_one_in() =>
        Assert.Null(EasyAuthSignIn.Parse(Principal("""{"claims":[{"typ":"name","val":"Someone"}]}""")));

    private static EasyAuthSignIn Reader(string? enabled) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [EasyAuthSignIn.EnabledSetting] = enabled }).Build());

    private static HttpRequest RequestWith(string principal)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[EasyAuthSignIn.PrincipalHeader] = principal;
        return context.Request;
    }

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
}
