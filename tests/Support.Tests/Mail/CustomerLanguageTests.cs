using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Sla;
using Xunit;

namespace Support.Tests.Mail;

public sealed class CustomerLanguageTests
{
    [Theory]
    [InlineData("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("pt-BR, es;q=0.8, en;q=0.5", "es")]
    [InlineData("de;q=0.2, es;q=0.9", "es")]
    [InlineData("DE-at", "de")]
    [InlineData("ja, zh;q=0.8", null)]
    [InlineData("fr;q=0, en;q=0.1", "en")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_language_list_gives_the_first_language_we_write_by_quality(string? header, string? expected) =>
        Assert.Equal(expected, CustomerLanguage.FromHeader(header));

    [Theory]
    [InlineData("Bonjour, depuis ce matin je ne peux pas me connecter à mon compte. Merci de votre aide.", "fr")]
    [InlineData("Hallo, seit heute Morgen kann ich mich nicht mit meinem Konto anmelden. Bitte helfen Sie mir, danke.", "de")]
    [InlineData("Hola, desde esta mañana no puedo entrar en mi cuenta. Gracias por la ayuda.", "es")]
    [InlineData("Hello, since this morning I can't log in to my account. Please help, thanks.", "en")]
    [InlineData("Error 500", null)]
    [InlineData("SUP-4HXM2P", null)]
    public void The_language_of_a_message_is_recognised_only_when_it_clearly_leads(string text, string? expected) =>
        Assert.Equal(expected, CustomerLanguage.Detect(text));

    [Fact]
    public void What_the_customer_declared_wins_over_the_words_and_english_is_the_fallback()
    {
        Assert.Equal("de", CustomerLanguage.Choose("de-DE", "Bonjour, je ne peux pas me connecter à mon compte depuis ce matin."));
        Assert.Equal("fr", CustomerLanguage.Choose("ja", "Bonjour, je ne peux pas me connecter à mon compte depuis ce matin."));
        Assert.Equal("en", CustomerLanguage.Choose(null, "Error 500"));
    }

    [Theory]
    [InlineData("fr", "within 8 business hours", "dans un délai de 8 heures ouvrées")]
    [InlineData("de", "within 1 hour", "innerhalb von 1 Stunde")]
    [InlineData("de", "within 5 business days", "innerhalb von 5 Geschäftstagen")]
    [InlineData("es", "within 30 minutes", "en un plazo de 30 minutos")]
    [InlineData("es", "within 1 business day", "en un plazo de 1 día laborable")]
    [InlineData("en", "within 8 business hours", "within 8 business hours")]
    [InlineData("fr", "as soon as we can", "as soon as we can")]
    public void A_promise_is_put_in_the_customers_words(string language, string promise, string expected) =>
        Assert.Equal(expected, CustomerMailText.For(language).Promise(promise));

    [Fact]
    public void The_acknowledgement_is_written_in_the_tickets_language_and_says_so()
    {
        var composer = new MailComposer(Options.Create(new MailOptions()), Options.Create(new SiteOptions()), Options.Create(new Support.Core.Bookings.BookingOptions()));
        var ticket = Ticket.Open(
            new Inquiry
            {
                Id = "inq-1", Reference = "SUP-7K3Q9F", Channel = Channel.Web, ReceivedAt = At, SourceId = "s",
                Requester = new Requester("Léa", "lea@example.fr", null), Subject = "Connexion impossible", Body = "…", Language = "fr",
            },
            At);

        var mail = composer.Acknowledgement(ticket, "ack", new SlaDue(SlaTargets.FirstResponse, At.AddHours(8), "within 8 business hours"));

        Assert.Equal("[SUP-7K3Q9F] Nous avons bien reçu votre demande", mail.Subject);
        Assert.DoesNotContain("Connexion impossible", mail.Text, StringComparison.Ordinal);
        Assert.StartsWith("Bonjour Léa,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("un membre de l\u2019équipe vous répondra dans un délai de 8 heures ouvrées, au plus tard le lundi 2 mars 2026, 17:00 UTC.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<strong>SUP-7K3Q9F</strong>", mail.Html, StringComparison.Ordinal);
        Assert.Equal("fr", mail.Headers["Content-Language"]);
    }

    [Fact]
    public void A_ticket_in_a_language_we_have_no_template_for_is_answered_in_english()
    {
        Assert.Equal("en", CustomerMailText.For("ja").Language);
        Assert.Equal("en", CustomerMailText.For(null).Language);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("es")]
    public void Every_template_of_every_language_uses_each_of_its_placeholders(string language)
    {
        var words = CustomerMailText.For(language);
        string[] args = ["ARG0", "ARG1", "ARG2", "ARG3"];
        foreach (var (template, count) in new[]
        {
            (words.HelloNamed, 1), (words.AcknowledgementSubject, 1), (words.Received, 2), (words.NextStep, 2), (words.AddMore, 1),
            (words.NudgeSubject, 2), (words.Nudge, 2), (words.SolvedSubject, 2), (words.Solved, 1), (words.MergedSubject, 2), (words.Merged, 4),
        })
        {
            var text = string.Format(words.Culture, template, args);
            Assert.All(args.Take(count), a => Assert.Contains(a, text, StringComparison.Ordinal));
        }

        Assert.Equal(language, words.Language);
    }

    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
}
