using System.Net;
using System.Net.Http.Json;
using MimeKit;
using Support.IntegrationTests.Email;
using Xunit;

namespace Support.IntegrationTests.Mail;

/// <summary>Customers are answered in their language: the browser's, the mail's own label, or the one they wrote in.</summary>
public sealed class CustomerLanguageJourneyTests(AzuriteFixture env)
{
    [Fact]
    public async Task A_customer_whose_browser_prefers_french_gets_the_acknowledgement_in_french()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail("lea");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/inquiries/web")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Léa", ["email"] = email, ["subject"] = "Facture introuvable", ["message"] = "Where is my invoice for March?",
            }),
        };
        post.Headers.TryAddWithoutValidation("Accept-Language", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7");

        var response = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reference = await Api.ReferenceOf(response);
        var mail = await AcknowledgementAsync(client, email);
        Assert.Equal($"[{reference}] Nous avons bien reçu votre demande", mail.Subject);
        Assert.StartsWith("Bonjour Léa,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("vous répondra dans un délai de", mail.Text, StringComparison.Ordinal);
        Assert.Equal("fr", mail.Language);
    }

    [Fact]
    public async Task A_mail_written_in_spanish_is_acknowledged_in_spanish()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail("lucia");
        var mime = InboundMail.Compose($"Lucía <{email}>", "No puedo entrar",
            "Hola, desde esta mañana no puedo entrar en mi cuenta y tengo una reunión con un cliente. Gracias por la ayuda.", InboundMail.MessageId());

        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, mime, ParseMode.Raw));

        var mail = await AcknowledgementAsync(client, email);
        Assert.Equal($"[{reference}] Hemos recibido su solicitud", mail.Subject);
        Assert.StartsWith("Hola, Lucía:", mail.Text, StringComparison.Ordinal);
        Assert.Equal("es", mail.Language);
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_mail_labelled_german_is_acknowledged_in_german_whatever_its_words(ParseMode mode)
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail("jonas");
        var message = MimeMessage.Load(new MemoryStream(InboundMail.Compose(email, "Export", "Export fails with error 500.", InboundMail.MessageId())));
        message.Headers.Add(HeaderId.ContentLanguage, "de-DE");
        using var stream = new MemoryStream();
        await message.WriteToAsync(stream, TestContext.Current.CancellationToken);

        await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, stream.ToArray(), mode));

        var mail = await AcknowledgementAsync(client, email);
        Assert.StartsWith("Hallo,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Wie es weitergeht", mail.Text, StringComparison.Ordinal);
        Assert.Equal("de", mail.Language);
    }

    [Fact]
    public async Task A_customer_who_says_nothing_of_their_language_is_answered_in_english()
    {
        var client = env.Host.CreateClient();
        var email = Api.UniqueEmail();

        await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(email, "Error 500", "Error 500")));

        var mail = await AcknowledgementAsync(client, email);
        Assert.StartsWith("Hello Ada Lovelace,", mail.Text, StringComparison.Ordinal);
        Assert.Equal("en", mail.Language);
    }

    private static async Task<(string Subject, string Text, string Language)> AcknowledgementAsync(HttpClient client, string email)
    {
        var mail = await Eventually.GetAsync(async () => await Api.MailsToAsync(client, email) is [var first, ..] ? first : null, "the acknowledgement");
        return (mail["subject"]!.GetValue<string>(), mail["text"]!.GetValue<string>(), mail["headers"]!["Content-Language"]!.GetValue<string>());
    }
}
