using Support.Core.Intake;
using Support.Web.Pages;
using Xunit;

namespace Support.Tests.Web.Pages;

public sealed class WebFormPageTests
{
    [Fact]
    public void A_re_rendered_form_keeps_the_values_encoded_and_ties_errors_to_their_fields()
    {
        var page = WebFormPage.Form(
            new WebFormSubmission { Name = "<script>alert(1)</script>", Email = "a\"b", Message = "</textarea><b>x</b>", Severity = "S2" },
            new Dictionary<string, string> { ["email"] = "This does not look like an email address (name@example.com)." },
            400);

        Assert.Equal(400, page.StatusCode);
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"a&quot;b\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>", page.Html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"email-hint email-error\" aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\" id=\"email-error\">This does not look like an email address", page.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"S2\" selected>", page.Html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void When_storage_is_down_the_form_comes_back_with_the_values_and_a_notice()
    {
        var page = WebFormPage.Unavailable(new WebFormSubmission { Name = "Ada", Message = "Help" }, TimeSpan.FromSeconds(5));

        Assert.Equal(503, page.StatusCode);
        Assert.Contains("value=\"Ada\"", page.Html, StringComparison.Ordinal);
        Assert.Contains(">Help</textarea>", page.Html, StringComparison.Ordinal);
        Assert.Contains("could not be stored just now", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_confirmation_shows_the_reference_without_script()
    {
        var page = WebFormPage.Confirmation("SUP-ABC123");

        Assert.Contains("<strong id=\"reference\">SUP-ABC123</strong>", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pages_embed_their_assets_and_load_nothing_from_elsewhere()
    {
        foreach (var html in new[] { WebFormPage.Form().Html, ConsolePage.Render().Html })
        {
            Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_console_script_never_writes_markup_from_data()
    {
        Assert.DoesNotContain("innerHTML", Assets.ConsoleJs, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", Assets.WebFormJs, StringComparison.Ordinal);
    }
}
