using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Calendars;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Voice;
using Support.Core.Welcome;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Welcome;

public sealed class WelcomeMailTests
{
    private static readonly DateTimeOffset SignedUp = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(SignedUp);
    private readonly InMemorySignupStore _store = new();
    private readonly RecordingMailSender _mail = new();

    private WelcomeMail Job(IMailSender? mail = null) => new(
        _store,
        mail ?? _mail,
        new WelcomeMailComposer(
            Options.Create(new MailOptions { TeamName = "the Example support team", FromAddress = "help@example.com" }),
            Options.Create(new SiteOptions { PublicBaseUrl = "https://support.example.com" }),
            RegionPolicy.LoadEmbedded()),
        Options.Create(new WelcomeOptions()),
        _time,
        NullLogger<WelcomeMail>.Instance);

    private async Task<Signup> SignUpAsync(string email = "new.customer@example.org", string name = "Nia Customer")
    {
        var (signup, _) = SignupRules.Validate(email, name, "Team", SignedUp, _time.GetUtcNow());
        return (await _store.AddAsync(signup!, CancellationToken.None)).Signup;
    }

    [Fact]
    public async Task Waits_for_the_delay_then_sends_one_mail_with_every_way_to_reach_the_team()
    {
        await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(9));
        await Job().RunAsync(false, CancellationToken.None);
        Assert.Empty(_mail.Sent);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Job().RunAsync(false, CancellationToken.None);
        await Job().RunAsync(false, CancellationToken.None);

        var mail = Assert.Single(_mail.Sent);
        Assert.Equal("new.customer@example.org", mail.To[0].Email);
        Assert.Contains("the Example support team", mail.Text, StringComparison.Ordinal);
        Assert.Contains("https://support.example.com/", mail.Text, StringComparison.Ordinal);
        Assert.Contains("help@example.com", mail.Text, StringComparison.Ordinal);
        Assert.Contains("https://support.example.com/api/book?kind=onboarding", mail.Text, StringComparison.Ordinal);
        foreach (var number in RegionPolicy.LoadEmbedded().Regions.SelectMany(r => r.Numbers))
        {
            Assert.Contains(number, mail.Text, StringComparison.Ordinal);
        }

        var stored = await _store.GetAsync("new.customer@example.org", CancellationToken.None);
        Assert.Equal(_time.GetUtcNow(), stored!.WelcomedAt);
        Assert.Null(stored.WelcomeRejected);
        Assert.Null(stored.WelcomeClaimId);
    }

    [Fact]
    public async Task A_run_overlapping_the_send_backs_off()
    {
        await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(15));
        var overlapping = Job();
        var sender = new OverlappingSender(_mail, () => overlapping.RunAsync(false, CancellationToken.None));

        await Job(sender).RunAsync(false, CancellationToken.None);

        Assert.Single(_mail.Sent);
        Assert.True((await _store.GetAsync("new.customer@example.org", CancellationToken.None))!.IsWelcomed);
    }

    [Fact]
    public async Task Two_runs_that_listed_the_signup_together_send_it_once()
    {
        await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(15));
        _store.StaleListing = await _store.AwaitingWelcomeAsync(_time.GetUtcNow(), CancellationToken.None);

        await Task.WhenAll(Job().RunAsync(false, CancellationToken.None), Job().RunAsync(false, CancellationToken.None));
        await Job().RunAsync(false, CancellationToken.None);

        Assert.Single(_mail.Sent);
    }

    [Fact]
    public async Task A_claim_left_by_a_sender_that_died_is_taken_over_after_the_lease()
    {
        var signup = await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(15));
        await _store.TryUpdateAsync(signup with { WelcomeClaimId = "dead", WelcomeClaimedAt = _time.GetUtcNow() }, CancellationToken.None);

        await Job().RunAsync(false, CancellationToken.None);
        Assert.Empty(_mail.Sent);

        _time.Advance(WelcomeMail.ClaimLease);
        await Job().RunAsync(false, CancellationToken.None);
        Assert.Single(_mail.Sent);
    }

    [Fact]
    public async Task A_rejection_is_recorded_and_not_retried()
    {
        await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(15));
        _mail.Respond = _ => MailSendResult.Rejected("SendGrid 400: invalid recipient");

        await Job().RunAsync(false, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(15));
        await Job().RunAsync(false, CancellationToken.None);

        Assert.Single(_mail.Sent);
        var stored = await _store.GetAsync("new.customer@example.org", CancellationToken.None);
        Assert.Equal("SendGrid 400: invalid recipient", stored!.WelcomeRejected);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_on_the_next_run()
    {
        await SignUpAsync();
        _time.Advance(TimeSpan.FromMinutes(15));
        var failing = new OverlappingSender(_mail, () => throw new HttpRequestException("SendGrid answered 503"));

        await Job(failing).RunAsync(false, CancellationToken.None);
        Assert.False((await _store.GetAsync("new.customer@example.org", CancellationToken.None))!.IsWelcomed);

        _time.Advance(TimeSpan.FromMinutes(15));
        await Job().RunAsync(false, CancellationToken.None);
        Assert.True((await _store.GetAsync("new.customer@example.org", CancellationToken.None))!.IsWelcomed);
    }

    [Fact]
    public async Task The_name_cannot_inject_headers()
    {
        await SignUpAsync(name: "Eve\r\nBcc: victim@example.net");
        _time.Advance(TimeSpan.FromMinutes(15));

        await Job().RunAsync(false, CancellationToken.None);

        var mail = Assert.Single(_mail.Sent);
        Assert.DoesNotContain(mail.To.Select(t => t.Name ?? ""), n => n.Contains('\n', StringComparison.Ordinal) || n.Contains('\r', StringComparison.Ordinal));
        Assert.All(mail.Headers, h => Assert.DoesNotContain(h.Value, char.IsControl));
        Assert.DoesNotContain('\n', mail.Subject);
    }

    [Fact]
    public void Signups_are_validated_field_by_field()
    {
        var (signup, errors) = SignupRules.Validate("not-an-address", " ", null, SignedUp.AddDays(1), SignedUp);

        Assert.Null(signup);
        Assert.Equal(["email", "name", "plan", "signedUpAt"], errors.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Runs <paramref name="during"/> in the middle of the first send, as a second run overlapping this one would.</summary>
    private sealed class OverlappingSender(RecordingMailSender inner, Func<Task> during) : IMailSender
    {
        private int _sends;

        public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _sends) == 1)
            {
                await during();
            }

            return await inner.SendAsync(mail, cancellationToken);
        }
    }
}
