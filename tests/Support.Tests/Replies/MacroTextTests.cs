using Support.Core.Domain;
using Support.Core.Replies;
using Support.Core.Roster;
using Xunit;

namespace Support.Tests.Replies;

public sealed class MacroTextTests
{
    private static readonly Person Agent = new() { Id = "chloe", Name = "Chloe Nguyen", Email = "chloe@example.com" };

    [Fact]
    public void Placeholders_are_filled_in_for_the_ticket_and_the_person_answering()
    {
        var macro = new Macro("reset", "Password reset", "Hi {{customer.first_name}},\n\nabout {{ ticket.reference }} ({{ticket.subject}}): use the reset link.\n\n{{agent.first_name}}", "pending");

        var expanded = MacroText.Expand(macro, Ticket("Ada Lovelace"), Agent);

        Assert.Equal("Hi Ada,\n\nabout SUP-7K3Q9F (Cannot log in): use the reset link.\n\nChloe", expanded.Body);
        Assert.Equal(("reset", "Password reset", "pending"), (expanded.Id, expanded.Title, expanded.Status));
    }

    [Fact]
    public void A_customer_without_a_name_is_greeted_as_there()
    {
        var expanded = MacroText.Expand(new Macro("hi", "Hi", "Hi {{customer.first_name}},"), Ticket(null), Agent);

        Assert.Equal("Hi there,", expanded.Body);
    }

    [Fact]
    public void A_document_with_an_unknown_placeholder_a_repeated_id_or_an_unknown_status_is_refused_with_each_problem()
    {
        var errors = MacroText.Validate(new MacroDocument
        {
            Macros =
            [
                new Macro("a", "First", "Hi {{customer.firstname}}"),
                new Macro("a", "", "Fine", "closed"),
            ],
        });

        Assert.StartsWith("{{customer.firstname}} is not a placeholder. Use one of: {{customer.first_name}}", errors["macros[0].body"], StringComparison.Ordinal);
        Assert.Contains("macros[1].id", errors.Keys);
        Assert.Contains("macros[1].title", errors.Keys);
        Assert.Contains("macros[1].status", errors.Keys);
        Assert.Empty(MacroText.Validate(new MacroDocument { Macros = [new Macro("a", "First", "Hi {{customer.first_name}}", "solved")] }));
    }

    private static Ticket Ticket(string? name) => Support.Core.Domain.Ticket.Open(
        new Inquiry
        {
            Id = "inq", Reference = "SUP-7K3Q9F", Channel = Channel.Web, ReceivedAt = DateTimeOffset.UnixEpoch, SourceId = "s",
            Requester = new Requester(name, "ada@example.com", null), Subject = "Cannot log in", Body = "Error 500",
        },
        DateTimeOffset.UnixEpoch);
}

public sealed class ReplySignatureTests
{
    [Theory]
    [InlineData(null, "Chloe Nguyen")]
    [InlineData("  ", "Chloe Nguyen")]
    [InlineData("Chloe Nguyen\nSupport engineer, Example Ltd\n+44 20 7946 0000\n", "Chloe Nguyen\nSupport engineer, Example Ltd\n+44 20 7946 0000")]
    public void A_reply_is_signed_with_the_persons_signature_or_else_their_name(string? signature, string expected)
    {
        var composer = new Support.Core.Mail.ReplyMailComposer(new Support.Core.Mail.MailComposer(
            Microsoft.Extensions.Options.Options.Create(new Support.Core.Mail.MailOptions()), Microsoft.Extensions.Options.Options.Create(new Support.Core.Mail.SiteOptions()), Microsoft.Extensions.Options.Options.Create(new Support.Core.Bookings.BookingOptions())));
        var agent = new Person { Id = "chloe", Name = "Chloe Nguyen", Email = "chloe@example.com", Signature = signature };
        var ticket = Ticket.Open(
            new Inquiry
            {
                Id = "inq", Reference = "SUP-7K3Q9F", Channel = Channel.Web, ReceivedAt = DateTimeOffset.UnixEpoch, SourceId = "s",
                Requester = new Requester("Ada", "ada@example.com", null), Subject = "Cannot log in", Body = "Error 500",
            },
            DateTimeOffset.UnixEpoch);

        var mail = composer.Reply(ticket, "reply:1", "Try again now.", agent, new RosterDocument(), new Support.Core.Replies.EmailThread(null, []));

        Assert.Equal("Try again now.\n\n" + expected, mail.Text);
    }
}
