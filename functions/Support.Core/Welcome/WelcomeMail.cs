using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Scheduling;

namespace Support.Core.Welcome;

/// <summary>
/// Every 15 minutes: each signup older than <see cref="WelcomeOptions.DelayMinutes"/> and not
/// welcomed yet gets exactly one welcome mail. The job claims the signup with an ETag-guarded
/// write before sending, so an overlapping run backs off, and records the mail after; a claim
/// older than <see cref="ClaimLease"/> (a sender that died) is taken over by a later run.
/// Invalid addresses and SendGrid rejections are recorded and not retried; a transient failure
/// leaves the signup unwelcomed, for the next run.
/// </summary>
public sealed class WelcomeMail(
    ISignupStore store,
    IMailSender mail,
    WelcomeMailComposer composer,
    IOptions<WelcomeOptions> options,
    TimeProvider time,
    ILogger<WelcomeMail> logger) : IScheduledJob
{
    /// <summary>Shorter than the schedule, so the next run takes over from a sender that died mid-send.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    public string Name => "WelcomeMail";

    public string ScheduleSetting => "WelcomeMailSchedule";

    public string DefaultSchedule => "0 */15 * * * *";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var due = time.GetUtcNow() - TimeSpan.FromMinutes(options.Value.DelayMinutes);
        foreach (var signup in await store.AwaitingWelcomeAsync(due, cancellationToken))
        {
            try
            {
                await WelcomeAsync(signup, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or StorageUnavailableException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Transient: the claim lapses and the next run tries again.
                logger.LogWarning("Welcome mail to {Email} not sent, will retry next run: {Why}", Redact.Email(signup.Email), ex.Message);
            }
        }
    }

    private async Task WelcomeAsync(Signup signup, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (signup.IsWelcomed || (signup.WelcomeClaimedAt is { } claimedAt && now - claimedAt < ClaimLease))
        {
            return;
        }

        var claimId = Guid.NewGuid().ToString("N");
        var claimed = await store.TryUpdateAsync(signup with { WelcomeClaimId = claimId, WelcomeClaimedAt = now }, cancellationToken);
        if (claimed is null)
        {
            logger.LogInformation("Welcome mail to {Email} is being handled by another run", Redact.Email(signup.Email));
            return;
        }

        var welcome = composer.Compose(claimed);
        var result = ContactValidation.NormalizeEmail(claimed.Email) is null
            ? MailSendResult.Rejected("invalid email address")
            : await mail.SendAsync(welcome, cancellationToken);
        await RecordAsync(claimed, welcome.MessageId, result, cancellationToken);
    }

    /// <summary>The mail is dealt with; recording it must survive a concurrent change, so it is re-read and re-applied on conflict.</summary>
    private async Task RecordAsync(Signup signup, string messageId, MailSendResult result, CancellationToken cancellationToken)
    {
        var current = signup;
        while (current is { IsWelcomed: false })
        {
            var done = current with
            {
                WelcomeClaimId = null,
                WelcomeClaimedAt = null,
                WelcomedAt = time.GetUtcNow(),
                WelcomeMessageId = messageId,
                WelcomeRejected = result.Status == MailSendStatus.Sent ? null : result.Reason ?? "rejected",
            };
            if (await store.TryUpdateAsync(done, cancellationToken) is not null)
            {
                if (result.Status == MailSendStatus.Sent)
                {
                    logger.LogInformation("Welcome mail sent to {Email}", Redact.Email(signup.Email));
                }
                else
                {
                    logger.LogWarning("Welcome mail to {Email} not delivered, not retried: {Why}", Redact.Email(signup.Email), result.Reason);
                }

                return;
            }

            current = await store.GetAsync(signup.Email, cancellationToken);
        }
    }
}
