using Support.Core.Domain;
using Support.Core.Engineering;
using Support.Tests.Domain;
using Xunit;

namespace Support.Tests.Engineering;

/// <summary>How a period's S2/S3 tickets become ranked papercut themes.</summary>
public sealed class PapercutsTests
{
    private static readonly DateTimeOffset From = TicketMaker.T0.AddDays(-1);
    private static readonly DateTimeOffset To = TicketMaker.T0.AddDays(6);

    [Fact]
    public void Tickets_of_one_category_and_product_sharing_key_phrases_form_a_theme_ranked_by_customers_frequency_and_handling_time()
    {
        var slowButRare = new[] { Make("Calendar sync drops events", "a@x.com", hours: 40), Make("Calendar sync drops events again", "b@x.com", hours: 40) };
        var frequent = new[]
        {
            Make("Export to CSV cuts accents", "c@x.com", hours: 5),
            Make("CSV export cuts the accents", "d@x.com", hours: 5),
            Make("Accents cut in CSV export", "e@x.com", hours: 5),
            Make("Accents cut in CSV export", "e@x.com", hours: 5),
        };
        var otherProduct = Make("Export to CSV cuts accents", "f@x.com", hours: 5, product: "Mobile");
        var s1 = Make("Export to CSV cuts accents", "g@x.com", hours: 5, severity: Severity.S1);
        s1.Ticket.OweGitHubIssue("acme/app", "system", "S1", TicketMaker.T0);

        var report = Papercuts.Compute([.. slowButRare, .. frequent, otherProduct, s1], From, To);

        Assert.Equal(7, report.Tickets);
        Assert.Equal(2, report.Themes.Count);
        // Two customers losing 40 hours each twice outweigh three customers losing 5 hours four times.
        var (slow, often) = (report.Themes[0], report.Themes[1]);
        Assert.Equal(["calendar", "drop", "event", "sync"], slow.KeyPhrases.Order(StringComparer.Ordinal));
        Assert.Equal((2, 2, 40.0, 160.0), (slow.Tickets, slow.Customers, slow.HandlingHours, slow.Score));
        Assert.Equal(["accent", "csv", "cut", "export"], often.KeyPhrases.Order(StringComparer.Ordinal));
        Assert.Equal((4, 3, 5.0, 60.0), (often.Tickets, often.Customers, often.HandlingHours, often.Score));
        Assert.Equal(1, report.EngineeringHelp);
        Assert.Equal(Math.Round(1 / 8.0, 3), report.EngineeringHelpRate);
    }

    [Fact]
    public void Tickets_triaged_with_the_model_meet_by_meaning_whatever_their_words_and_the_others_by_key_phrases()
    {
        // Unit vectors as triage stores them: the first two 0.9 similar, the third unlike both.
        float[] slow = [1, 0, 0], slower = [0.9f, (float)Math.Sqrt(1 - (0.9 * 0.9)), 0], login = [0, 0, 1];
        var meaning = new[]
        {
            Make("Dashboards take a minute to load", "a@x.com", hours: 5, embedding: slow),
            Make("Reports open very slowly", "b@x.com", hours: 5, embedding: slower),
            Make("Charts crawl every morning", "c@x.com", hours: 5, embedding: slow),
        };
        var sameWordsOtherMeaning = Make("Dashboards take a minute to load", "d@x.com", hours: 5, embedding: login);
        var rulesOnly = new[] { Make("Calendar sync drops events", "e@x.com", hours: 5), Make("Calendar sync drops events again", "f@x.com", hours: 5) };

        var report = Papercuts.Compute([.. meaning, sameWordsOtherMeaning, .. rulesOnly], From, To);

        Assert.Equal(2, report.Themes.Count);
        Assert.Equal(
            meaning.Select(c => c.Ticket.Reference).Order(StringComparer.Ordinal),
            report.Themes[0].Examples.Select(e => e.Reference).Order(StringComparer.Ordinal));
        Assert.Equal(["calendar", "drop", "event", "sync"], report.Themes[1].KeyPhrases.Order(StringComparer.Ordinal));
    }

    private static PapercutCandidate Make(string subject, string email, double hours, string? product = null, Severity severity = Severity.S3, float[]? embedding = null)
    {
        var ticket = Ticket.Open(
            new Inquiry
            {
                Id = Guid.NewGuid().ToString("N"),
                Reference = TicketReference.Derive(Guid.NewGuid().ToString("N"), 0),
                Channel = Channel.Web,
                ReceivedAt = TicketMaker.T0,
                Requester = new Requester("Ada", email, null),
                Subject = subject,
                Body = subject,
                SourceId = Guid.NewGuid().ToString("N"),
            },
            TicketMaker.T0);
        var explanation = embedding is null ? null : new Support.Core.Triage.TriageExplanation([], new Dictionary<string, double>(), new Dictionary<string, double>(), 0, [], "test") { Embedding = embedding };
        ticket.ApplyTriage(new TriageResult(Category.Technical, severity, ["test"], explanation), TicketMaker.T0);
        ticket.MoveTo(TicketStatus.Open, "amira", TicketMaker.T0);
        ticket.MoveTo(TicketStatus.Solved, "amira", TicketMaker.T0.AddHours(hours));
        return new PapercutCandidate(ticket, product);
    }
}
