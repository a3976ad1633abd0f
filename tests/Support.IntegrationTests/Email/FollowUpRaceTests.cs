using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.IntegrationTests.Reliability;
using Xunit;

namespace Support.IntegrationTests.Email;

/// <summary>How a follow-up names the mail it follows.</summary>
public enum FollowUpKey
{
    /// <summary><c>Re: [SUP-…] …</c> from the customer.</summary>
    BracketedReference,

    /// <summary><c>SUP-… still not working</c> from the customer.</summary>
    BareReference,

    /// <summary>In-Reply-To the first mail's Message-ID, subject without a reference.</summary>
    InReplyTo,

    /// <summary>A colleague the first mail copied replies to all.</summary>
    CcColleague,

    /// <summary>The customer's address written in other letter cases, reference in the subject.</summary>
    DifferentlyCasedAddress,
}

/// <summary>
/// A host on an Azurite of its own: the hundreds of tickets the pairs make stay out of the shared store, whose other
/// readers (the console's KPIs read every ticket of the period) would slow down with them.
/// </summary>
public sealed class FollowUpRaceHost : IAsyncLifetime
{
    private OwnStorage? _storage;
    private LocalHostFactory? _host;

    public LocalHostFactory Host => _host ?? throw new InvalidOperationException("The host is not running.");

    public async ValueTask InitializeAsync()
    {
        _storage = await OwnStorage.StartAsync();
        _host = new LocalHostFactory(_storage.ConnectionString);
        _ = _host.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}

/// <summary>
/// A customer's second mail posted right after the first, before triage has opened the ticket the first one started (or,
/// with the queue stopped, long before): it lands on that ticket as a customer message, in the order the mails were sent,
/// and never opens a ticket of its own.
/// </summary>
public sealed class FollowUpRaceTests(FollowUpRaceHost env) : IClassFixture<FollowUpRaceHost>
{
    private const int PairsPerCase = 50;

    public static TheoryData<FollowUpKey, ParseMode> Cases()
    {
        var data = new TheoryData<FollowUpKey, ParseMode>();
        foreach (var key in Enum.GetValues<FollowUpKey>())
        {
            data.Add(key, ParseMode.Raw);
            data.Add(key, ParseMode.Default);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_follow_up_posted_right_after_the_first_mail_lands_on_its_ticket(FollowUpKey key, ParseMode mode)
    {
        var post = Poster(env.Host);
        var staff = env.Host.CreateStaffClient();

        var pairs = new List<Pair>();
        await Parallel.ForEachAsync(Enumerable.Range(0, PairsPerCase), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (_, _) =>
        {
            var pair = await PostPairAsync(post, key, mode);
            lock (pairs)
            {
                pairs.Add(pair);
            }
        });

        await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (pair, _) => await AssertOneConversationAsync(staff, pair));

        // The race was run, not dodged: most follow-ups came before their ticket was opened and were held for it.
        var held = pairs.Count(p => env.Host.Logs.Lines.Any(l => l.Contains($"{p.Reference} is not opened yet", StringComparison.Ordinal)));
        Assert.True(held > 0, "no follow-up arrived before its ticket was opened");
    }

    [Fact]
    public async Task Follow_ups_recorded_before_the_first_mail_is_triaged_are_absorbed_once_in_the_order_sent()
    {
        await using var storage = await OwnStorage.StartAsync();
        var pairs = new List<Pair>();
        string newcomer;
        var late = new List<(string Reference, string Customer, string LaterId, string EarlierId)>();
        await using (var intakeOnly = new LocalHostFactory(storage.ConnectionString) { ConfigureTestServices = Faults.NoQueuePump })
        {
            var post = Poster(intakeOnly);
            foreach (var key in Enum.GetValues<FollowUpKey>())
            foreach (var mode in new[] { ParseMode.Raw, ParseMode.Default })
            {
                var pair = await PostPairAsync(post, key, mode);
                pairs.Add(pair);

                // SendGrid posts the follow-up again: it is held once.
                Assert.Equal(pair.Reference, await InboundMail.ReferenceOf(await post(pair.Second, mode)));
            }

            // The second mail's follow-up copies a newcomer, who then writes on the ticket as a participant.
            newcomer = Api.UniqueEmail("newcomer");
            var first = pairs[0];
            var withCc = InboundMail.Compose(first.Customer, $"Re: [{first.Reference}] Printer offline", "Adding my manager.", InboundMail.MessageId(), cc: newcomer, date: Second(first.SentAt).AddSeconds(1));
            Assert.Equal(first.Reference, await InboundMail.ReferenceOf(await post(withCc, ParseMode.Raw)));

            // Two follow-ups arriving in the reverse of the order they were sent in.
            foreach (var mode in new[] { ParseMode.Raw, ParseMode.Default })
            {
                var customer = Api.UniqueEmail("ana.silva");
                var sent = DateTimeOffset.UtcNow.AddMinutes(-5);
                var reference = await InboundMail.ReferenceOf(await post(InboundMail.Compose(customer, "Scanner jammed", "The scanner jams.", InboundMail.MessageId(), date: Second(sent)), mode));
                var (earlierId, laterId) = (InboundMail.MessageId(), InboundMail.MessageId());
                await post(InboundMail.Compose(customer, $"Re: [{reference}] Scanner jammed", "Third mail.", laterId, date: Second(sent).AddMinutes(2)), mode);
                await post(InboundMail.Compose(customer, $"Re: [{reference}] Scanner jammed", "Second mail.", earlierId, date: Second(sent).AddMinutes(1)), mode);
                late.Add((reference, customer, laterId, earlierId));
            }
        }

        await using var host = new LocalHostFactory(storage.ConnectionString);
        var staff = host.CreateStaffClient();
        foreach (var pair in pairs)
        {
            await AssertOneConversationAsync(staff, pair);
        }

        foreach (var (reference, _, laterId, earlierId) in late)
        {
            var ticket = await Api.TicketWithEventAsync(staff, reference, "acknowledged");
            Assert.Equal([earlierId, laterId], CustomerMessages(ticket).Select(m => m["details"]!["messageId"]!.GetValue<string>()));
        }

        var fromNewcomer = InboundMail.Compose(newcomer, $"Re: [{pairs[0].Reference}] Printer offline", "I can confirm it is offline.", InboundMail.MessageId());
        var answer = await Poster(host)(fromNewcomer, ParseMode.Raw);
        Assert.Equal(pairs[0].Reference, await InboundMail.ReferenceOf(answer));
        Assert.Contains("customer reply", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Pair> PostPairAsync(Func<byte[], ParseMode, Task<HttpResponseMessage>> post, FollowUpKey key, ParseMode mode)
    {
        var customer = Api.UniqueEmail("ana.silva");
        var colleague = Api.UniqueEmail("colleague");
        var sentAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var firstId = InboundMail.MessageId();
        var first = InboundMail.Compose($"Ana Silva <{customer}>", "Printer offline", "The printer is offline since this morning.", firstId,
            cc: key == FollowUpKey.CcColleague ? colleague : null, date: Second(sentAt));
        var firstAnswer = await post(first, mode);
        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        var reference = await InboundMail.ReferenceOf(firstAnswer);

        var secondId = InboundMail.MessageId(key == FollowUpKey.CcColleague ? "colleague" : "customer");
        var followUpAt = Second(sentAt).AddSeconds(1);
        const string Text = "Forgot to say: it shows error 0x8007.";
        var second = key switch
        {
            FollowUpKey.BracketedReference => InboundMail.Compose(customer, $"Re: [{reference}] Printer offline", Text, secondId, date: followUpAt),
            FollowUpKey.BareReference => InboundMail.Compose(customer, $"{reference} still not working", Text, secondId, date: followUpAt),
            FollowUpKey.InReplyTo => InboundMail.Compose(customer, "Re: Printer offline", Text, secondId, inReplyTo: firstId, date: followUpAt),
            FollowUpKey.CcColleague => InboundMail.Compose(colleague, "Re: Printer offline", Text, secondId, inReplyTo: firstId, cc: customer, date: followUpAt),
            _ => InboundMail.Compose(Recased(customer), $"Re: [{reference}] Printer offline", Text, secondId, date: followUpAt),
        };
        var secondAnswer = await post(second, mode);

        // The endpoint names the ticket the follow-up went on; a new ticket would have a reference of its own.
        Assert.Equal(reference, await InboundMail.ReferenceOf(secondAnswer));
        Assert.Contains("customer reply", await secondAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return new Pair(customer, reference, sentAt, secondId, second);
    }

    private static async Task AssertOneConversationAsync(HttpClient staff, Pair pair)
    {
        var ticket = await InboundMail.TicketWhereAsync(staff, pair.Reference,
            t => InboundMail.EventTypes(t).Contains("acknowledged") && InboundMail.EventTypes(t).Contains("customer-message"),
            "acknowledged with the follow-up on it");

        var types = InboundMail.EventTypes(ticket).ToList();
        Assert.Single(types, t => t == "received");
        var message = Assert.Single(CustomerMessages(ticket), m => m["details"]!["messageId"]!.GetValue<string>() == pair.SecondId);
        Assert.True(types.IndexOf("received") < types.IndexOf("customer-message"), string.Join(", ", types));

        // Each message carries when it was sent: the conversation's order.
        var received = ticket["timeline"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "received")!;
        Assert.Equal(Second(pair.SentAt).ToString("o", CultureInfo.InvariantCulture), received["details"]!["sentAt"]!.GetValue<string>());
        Assert.Equal(Second(pair.SentAt).AddSeconds(1).ToString("o", CultureInfo.InvariantCulture), message["details"]!["sentAt"]!.GetValue<string>());

        var listed = (await staff.GetFromJsonAsync<JsonObject>($"/api/tickets?requester={Uri.EscapeDataString(pair.Customer)}"))!;
        Assert.Equal(pair.Reference, Assert.Single(listed["items"]!.AsArray())!["reference"]!.GetValue<string>());
    }

    private static List<JsonObject> CustomerMessages(JsonObject ticket) =>
        [.. ticket["timeline"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "customer-message").Select(e => e!.AsObject())];

    private static Func<byte[], ParseMode, Task<HttpResponseMessage>> Poster(LocalHostFactory host)
    {
        var client = host.CreateClient();
        var code = host.Services.GetRequiredService<IConfiguration>()["InboundEmailKey"]!;
        return (mime, mode) => InboundMail.PostAsync(client, InboundMail.Content(mime, mode), code);
    }

    /// <summary>A Date header holds whole seconds.</summary>
    private static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Recased(string address) =>
        string.Concat(address.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));

    private sealed record Pair(string Customer, string Reference, DateTimeOffset SentAt, string SecondId, byte[] Second);
}
