using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Tickets;
using Support.Core.Roster;
using Xunit;

namespace Support.Tests.Email;

public sealed class EmailThreadingTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 16, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 9, 30, 0, TimeSpan.Zero);

    private static readonly RosterDocument Roster = new()
    {
        People = [new Person { Id = "lee", Name = "Lee Agent", Email = "lee.agent@example.com" }],
    };

    private readonly TicketsByReference _tickets = new();
    private readonly ReceivedMail _received = new();
    private readonly EmailThreading _threading;

    public EmailThreadingTests()
    {
        _threading = new EmailThreading(_tickets, _received, Options.Create(EmailFixtures.Mail));
        _tickets.Add(TicketFor("SUP-7K3Q9F", "ann.customer@gmail.com", TicketStatus.Pending));
        _tickets.Add(TicketFor("SUP-4HXM2P", "bob.smith@contoso.com", TicketStatus.Open, "carol.white@contoso.com"));
        _tickets.Add(TicketFor("SUP-9ZRT6B", "chloe.martin@icloud.com", TicketStatus.Pending));
        _received.Add("AM9PR01MB7123FIRST000000001@AM9PR01MB7123.eurprd01.prod.outlook.com", "SUP-4HXM2P");
    }

    [Fact]
    public async Task Customer_reply_to_our_mail_threads_in_and_reopens()
    {
        var ours = Composer.MessageIdFor("SUP-7K3Q9F", "ack");
        var email = EmailFixtures.ParseRaw("gmail-reply.eml") with { InReplyTo = ours, References = [ours], Subject = "Re: printer" };
        var decision = await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default);

        var into = Assert.IsType<ThreadInto>(decision);
        Assert.Equal("SUP-7K3Q9F", into.Reference);
        Assert.Equal(ReplyAuthor.Customer, into.Author);
        Assert.True(into.Reopens);
        Assert.Equal("answers our mail", into.Why);
        Assert.StartsWith("Thanks, it's still offline", into.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_to_mail_we_received_threads_in_a_cc_participant()
    {
        var email = EmailFixtures.ParseRaw("outlook-reply.eml") with
        {
            From = new MailAddress("carol.white@contoso.com", "Carol White"),
            References = [],
        };

        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-4HXM2P", into.Reference);
        Assert.Equal("answers mail on the ticket", into.Why);
    }

    [Fact]
    public async Task Subject_reference_threads_when_the_headers_name_nothing_known()
    {
        var email = EmailFixtures.ParseRaw("gmail-reply.eml") with { InReplyTo = null, References = [] };

        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-7K3Q9F", into.Reference);
        Assert.Equal("reference in the subject", into.Why);
    }

    [Fact]
    public async Task Per_ticket_reply_address_threads_a_reply_without_headers_or_subject_reference()
    {
        var email = EmailFixtures.ParseRaw("apple-mail-reply.eml") with { InReplyTo = null, References = [] };

        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-9ZRT6B", into.Reference);
        Assert.Equal("per-ticket reply address", into.Why);
    }

    [Fact]
    public async Task A_stranger_quoting_a_reference_gets_a_new_ticket_linked_to_it()
    {
        var decision = await Decide("rfc2047-subject.eml");

        var created = Assert.IsType<NewTicket>(decision);
        Assert.Equal("SUP-7K3Q9F", created.LinkedTo);
        Assert.True(created.Acknowledge);
    }

    [Fact]
    public async Task A_reference_to_no_ticket_starts_a_plain_new_ticket()
    {
        var email = EmailFixtures.ParseRaw("html-only.eml") with { Subject = "About [SUP-ABCDEF]" };

        var created = Assert.IsType<NewTicket>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Null(created.LinkedTo);
    }

    [Fact]
    public async Task Reply_to_a_closed_ticket_opens_a_follow_up()
    {
        _tickets.Add(TicketFor("SUP-7K3Q9F", "ann.customer@gmail.com", TicketStatus.Closed));

        var followUp = Assert.IsType<FollowUp>(await Decide("gmail-reply.eml"));

        Assert.Equal("SUP-7K3Q9F", followUp.Of);
        Assert.True(followUp.Acknowledge);
    }

    [Fact]
    public async Task Reply_more_than_seven_days_after_solved_opens_a_follow_up()
    {
        _tickets.Add(TicketFor("SUP-7K3Q9F", "ann.customer@gmail.com", TicketStatus.Solved, solvedAt: Now.AddDays(-8)));

        Assert.IsType<FollowUp>(await Decide("gmail-reply.eml"));
    }

    [Fact]
    public async Task Reply_within_seven_days_of_solved_reopens()
    {
        _tickets.Add(TicketFor("SUP-7K3Q9F", "ann.customer@gmail.com", TicketStatus.Solved, solvedAt: Now.AddDays(-6)));

        var into = Assert.IsType<ThreadInto>(await Decide("gmail-reply.eml"));

        Assert.True(into.Reopens);
    }

    [Fact]
    public async Task Out_of_office_is_recorded_without_reopening()
    {
        var into = Assert.IsType<ThreadInto>(await Decide("out-of-office.eml"));

        Assert.Equal("SUP-7K3Q9F", into.Reference);
        Assert.False(into.Reopens);
    }

    [Fact]
    public async Task Out_of_office_about_a_closed_ticket_is_ignored()
    {
        _tickets.Add(TicketFor("SUP-7K3Q9F", "ann.customer@gmail.com", TicketStatus.Closed));

        Assert.IsType<Ignore>(await Decide("out-of-office.eml"));
    }

    [Fact]
    public async Task Automatic_mail_that_matches_no_ticket_is_not_acknowledged()
    {
        var email = EmailFixtures.ParseRaw("html-only.eml") with { From = new MailAddress("noreply@shop.example.com") };

        var created = Assert.IsType<NewTicket>(await _threading.DecideAsync(email, EmailFixtures.LoopGuard.Classify(email), Roster, Now, default));

        Assert.False(created.Acknowledge);
    }

    [Fact]
    public async Task Bounce_is_recorded_on_the_ticket_of_the_returned_mail()
    {
        var bounce = Assert.IsType<RecordBounce>(await Decide("bounce.eml"));

        Assert.Equal("SUP-4HXM2P", bounce.Reference);
    }

    [Fact]
    public async Task Bounce_of_mail_that_was_not_ours_is_ignored()
    {
        var email = EmailFixtures.ParseRaw("bounce.eml");
        email = email with { Bounce = email.Bounce! with { OriginalMessageId = "x@elsewhere.example", OriginalSubject = "Hello" } };

        Assert.IsType<Ignore>(await _threading.DecideAsync(email, EmailFixtures.LoopGuard.Classify(email), Roster, Now, default));
    }

    [Fact]
    public async Task Our_own_mail_coming_back_is_ignored()
    {
        var email = EmailFixtures.ParseRaw("gmail-reply.eml") with { MessageId = "SUP-7K3Q9F.ack@support.example.com" };

        Assert.IsType<Ignore>(await _threading.DecideAsync(email, EmailFixtures.LoopGuard.Classify(email), Roster, Now, default));
    }

    [Fact]
    public async Task Staff_reply_with_solved_command_goes_to_the_ticket_as_staff()
    {
        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(StaffReplyWithToken(), LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-7K3Q9F", into.Reference);
        Assert.Equal(ReplyAuthor.Staff, into.Author);
        Assert.Equal(StaffCommand.Solved, into.Command);
        Assert.Equal("lee", into.StaffPersonId);
        Assert.Equal("Hi Ann, the firmware update 2.3 fixes error 0x8007. Please install it from the printer menu.\n\nLee", into.Body);
        Assert.False(into.Reopens);
    }

    [Fact]
    public async Task Automatic_mail_from_staff_never_reaches_the_customer()
    {
        var email = EmailFixtures.ParseRaw("staff-reply.eml");
        email = email with { LoopHeaders = email.LoopHeaders with { AutoSubmitted = "auto-replied" } };

        Assert.IsType<Ignore>(await _threading.DecideAsync(email, EmailFixtures.LoopGuard.Classify(email), Roster, Now, default));
    }

    [Theory]
    [InlineData("Thanks, done.", StaffCommand.Reply, "Thanks, done.")]
    [InlineData("#solved\nFixed in 2.3.", StaffCommand.Solved, "Fixed in 2.3.")]
    [InlineData("#OPEN\nLooking into it.", StaffCommand.Open, "Looking into it.")]
    [InlineData("#note called her back, waiting on logs", StaffCommand.Note, "called her back, waiting on logs")]
    [InlineData("#notes are not a command", StaffCommand.Reply, "#notes are not a command")]
    public void Staff_commands_are_read_from_the_first_line(string text, StaffCommand command, string body)
    {
        Assert.Equal((command, body), StaffCommands.Read(text));
    }

    [Fact]
    public void Our_message_ids_name_their_ticket_only_with_their_tag()
    {
        var ack = Composer.MessageIdFor("SUP-7K3Q9F", "ack");
        Assert.Equal("SUP-7K3Q9F", _threading.OwnReference(ack));
        Assert.Equal("SUP-7K3Q9F", _threading.OwnReference(Composer.MessageIdFor("SUP-7K3Q9F", "reply:2").Replace("support.example.com", "SUPPORT.example.com", StringComparison.Ordinal)));
        Assert.Null(_threading.OwnReference(ack.Replace("support.example.com", "elsewhere.example.com", StringComparison.Ordinal)));
        Assert.Null(_threading.OwnReference(ack.Replace("SUP-7K3Q9F", "SUP-4HXM2P", StringComparison.Ordinal)));
        Assert.Null(_threading.OwnReference("SUP-7K3Q9F.ack@support.example.com"));
        Assert.Null(_threading.OwnReference("SUP-7K3Q9F.ack.0000000000000000000a@support.example.com"));
        Assert.Null(_threading.OwnReference("random@support.example.com"));
    }

    [Fact]
    public async Task A_forged_staff_reply_becomes_an_unverified_note()
    {
        var forged = StaffReplyWithToken() with { Authentication = new MailAuthentication { Spf = "fail", Dkim = [new DkimResult("forger.example.org", "pass")] } };

        var note = Assert.IsType<UnverifiedNote>(await _threading.DecideAsync(forged, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-7K3Q9F", note.Reference);
        Assert.Contains("not authenticated", note.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authenticated_staff_mail_without_the_persons_token_becomes_an_unverified_note()
    {
        var noToken = Assert.IsType<UnverifiedNote>(await Decide("staff-reply.eml"));
        var otherPersonsToken = Assert.IsType<UnverifiedNote>(await _threading.DecideAsync(
            StaffReplyWithToken(Composer.StaffReplyAddressFor("SUP-7K3Q9F", "someone-else").Email), LoopVerdict.Person, Roster, Now, default));
        var otherTicketsToken = Assert.IsType<UnverifiedNote>(await _threading.DecideAsync(
            StaffReplyWithToken(Composer.StaffReplyAddressFor("SUP-4HXM2P", "lee").Email), LoopVerdict.Person, Roster, Now, default));

        Assert.All([noToken, otherPersonsToken, otherTicketsToken], n => Assert.Contains("reply address", n.Why, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_participant_whose_mail_is_not_authenticated_gets_a_linked_ticket()
    {
        var email = EmailFixtures.ParseRaw("gmail-reply.eml") with { Authentication = new MailAuthentication { Spf = "softfail", Dkim = [] } };

        var created = Assert.IsType<NewTicket>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-7K3Q9F", created.LinkedTo);
        Assert.Contains("not authenticated", created.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_with_100000_references_costs_at_most_the_bounded_lookups()
    {
        var references = Enumerable.Range(0, 100_000).Select(i => $"crafted.{i}@attacker.example.org").ToList();
        var recipients = Enumerable.Range(0, 1000).Select(i => new MailAddress($"support+SUP-{i:D6}@example.com", null)).ToList();
        var email = Mail("ann.customer@gmail.com", "no reference here") with { InReplyTo = "crafted.in-reply-to@attacker.example.org", References = references, To = recipients };

        Assert.IsType<NewTicket>(await _threading.DecideAsync(email, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal(1 + EmailThreading.MaxLookups, _received.Lookups);
        Assert.True(_tickets.Lookups <= EmailThreading.MaxLookups + 2, $"{_tickets.Lookups} ticket look-ups");
    }

    private static MailComposer Composer { get; } = new(Options.Create(EmailFixtures.Mail), Options.Create(new SiteOptions()), Options.Create(new Support.Core.Bookings.BookingOptions()));

    /// <summary>Lee's reply to the assignment mail: to the reply address we gave Lee for the ticket, DKIM-signed by Lee's domain.</summary>
    private static ParsedEmail StaffReplyWithToken(string? to = null) =>
        EmailFixtures.ParseRaw("staff-reply.eml") with { To = [new MailAddress(to ?? Composer.StaffReplyAddressFor("SUP-7K3Q9F", "lee").Email, null)] };

    [Theory]
    [InlineData("Re: [SUP-5P2QKM] Printer offline")]
    [InlineData("Re: SUP-5P2QKM")]
    [InlineData("sup-5p2qkm still not working")]
    public async Task A_reference_in_the_subject_of_a_mail_accepted_but_not_opened_yet_threads_into_it(string subject)
    {
        _tickets.Accept(Accepted("SUP-5P2QKM", "ana.silva@example.com", "first.1@mail.example.net"));

        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(Mail("Ana.Silva@Example.COM", subject), LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-5P2QKM", into.Reference);
        Assert.Equal(ReplyAuthor.Customer, into.Author);
    }

    [Fact]
    public async Task A_reference_only_in_the_body_threads_nothing()
    {
        _tickets.Accept(Accepted("SUP-5P2QKM", "ana.silva@example.com", "first.1@mail.example.net"));

        var created = Assert.IsType<NewTicket>(await _threading.DecideAsync(
            Mail("ana.silva@example.com", "Another printer", "> About SUP-5P2QKM\nThe other one too."), LoopVerdict.Person, Roster, Now, default));

        Assert.Null(created.LinkedTo);
    }

    [Fact]
    public async Task A_cc_d_colleague_answering_a_mail_accepted_moments_ago_threads_in_before_the_index_knows_it()
    {
        // Intake stores the inquiry under the reference derived from the mail's Message-ID, before the received-mail index is written.
        const string First = "first.2@mail.example.net";
        var reference = TicketReference.Derive(EmailInquiry.DedupeKey(First), 0);
        _tickets.Accept(Accepted(reference, "ana.silva@example.com", First, "carl.berg@example.com"));

        var into = Assert.IsType<ThreadInto>(await _threading.DecideAsync(
            Mail("Carl.Berg@example.com", "Re: Printer offline") with { InReplyTo = First }, LoopVerdict.Person, Roster, Now, default));

        Assert.Equal(reference, into.Reference);
        Assert.Equal("answers mail on the ticket", into.Why);
    }

    [Fact]
    public async Task A_stranger_or_staff_naming_a_mail_accepted_but_not_opened_gets_a_ticket_of_their_own()
    {
        _tickets.Accept(Accepted("SUP-5P2QKM", "ana.silva@example.com", "first.1@mail.example.net"));

        var stranger = Assert.IsType<NewTicket>(await _threading.DecideAsync(Mail("eve@example.org", "Re: [SUP-5P2QKM] me too"), LoopVerdict.Person, Roster, Now, default));
        var staff = Assert.IsType<NewTicket>(await _threading.DecideAsync(Mail("lee.agent@example.com", "Re: [SUP-5P2QKM]"), LoopVerdict.Person, Roster, Now, default));

        Assert.Equal("SUP-5P2QKM", stranger.LinkedTo);
        Assert.Null(staff.LinkedTo);
    }

    private static ParsedEmail Mail(string from, string subject, string text = "Forgot to say: error 0x8007.") => new()
    {
        Authentication = EmailFixtures.DkimPass(from),
        MessageId = $"{Guid.NewGuid():N}@mail.example.net",
        From = new MailAddress(from.ToLowerInvariant(), null),
        To = [new MailAddress("support@example.com", null)],
        Subject = subject,
        Text = text,
        NewText = text,
        LoopHeaders = new LoopHeaders(),
    };

    private static Inquiry Accepted(string reference, string requester, string messageId, string? cc = null) => new()
    {
        Id = "inq-" + reference,
        Reference = reference,
        Channel = Channel.Email,
        ReceivedAt = Now.AddSeconds(-2),
        Requester = new Requester(null, requester, null),
        Subject = "Printer offline",
        Body = "The printer is offline.",
        SourceId = EmailInquiry.DedupeKey(messageId),
        Participants = cc is null ? [] : [cc],
    };

    private Task<ThreadingDecision> Decide(string fixture)
    {
        var email = EmailFixtures.ParseRaw(fixture);
        return _threading.DecideAsync(email, EmailFixtures.LoopGuard.Classify(email), Roster, Now, default);
    }

    private static Ticket TicketFor(string reference, string requester, TicketStatus status, string? cc = null, DateTimeOffset? solvedAt = null)
    {
        var ticket = Ticket.Open(new Inquiry
        {
            Id = "inq-" + reference,
            Reference = reference,
            Channel = Channel.Email,
            ReceivedAt = Created,
            Requester = new Requester(null, requester, null),
            Subject = "Subject",
            Body = "Body",
            SourceId = "email:" + reference,
            Participants = cc is null ? [] : [cc],
        }, Created);
        var path = status switch
        {
            TicketStatus.Pending => new[] { TicketStatus.Pending },
            TicketStatus.Open => [TicketStatus.Open],
            TicketStatus.Solved => [TicketStatus.Solved],
            TicketStatus.Closed => [TicketStatus.Solved, TicketStatus.Closed],
            _ => [],
        };
        foreach (var step in path)
        {
            ticket.MoveTo(step, "lee", step == TicketStatus.Solved ? solvedAt ?? Created.AddHours(1) : Created.AddHours(2));
        }

        return ticket;
    }

    /// <summary>Only reads are needed by threading.</summary>
    private sealed class TicketsByReference : ITicketStore
    {
        private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Inquiry> _accepted = new(StringComparer.Ordinal);

        public void Add(Ticket ticket) => _tickets[ticket.Reference] = ticket;

        /// <summary>An inquiry intake accepted whose ticket triage has not opened yet.</summary>
        public void Accept(Inquiry inquiry) => _accepted[inquiry.Reference] = inquiry;

        public Task<Ticket?> GetAsync(string reference, CancellationToken cancellationToken) => Task.FromResult(_tickets.GetValueOrDefault(reference));

        public int Lookups { get; private set; }

        public Task<TicketLookup> LookUpAsync(string reference, CancellationToken cancellationToken)
        {
            Lookups++;
            return Task.FromResult(new TicketLookup(reference, _tickets.GetValueOrDefault(reference) is { } ticket ? StoredTicket.New(ticket) : null, _accepted.GetValueOrDefault(reference)));
        }

        public Task<bool> HoldCustomerMessageAsync(TicketLookup lookup, string key, TimelineEvent message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InquiryStoreOutcome> StoreInquiryAsync(Inquiry inquiry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Inquiry?> GetInquiryAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteInquiryAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredTicket?> LoadAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TicketCreation> CreateAsync(StoredTicket ticket, bool whileInquiryStored, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveAsync(StoredTicket ticket, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ReceivedMail : IReceivedMailIndex
    {
        private readonly Dictionary<string, string> _byMessageId = new(StringComparer.Ordinal);

        public void Add(string messageId, string reference) => _byMessageId[messageId] = reference;

        public int Lookups { get; private set; }

        public Task<string?> FindTicketAsync(string messageId, CancellationToken cancellationToken)
        {
            Lookups++;
            return Task.FromResult(_byMessageId.GetValueOrDefault(messageId));
        }

        public Task RememberAsync(string messageId, string reference, CancellationToken cancellationToken)
        {
            Add(messageId, reference);
            return Task.CompletedTask;
        }
    }
}
