using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Core.Ports;
using Support.Core.Scheduling;

namespace Support.Core.Voice;

/// <summary>
/// Finishes voicemails the callbacks could not: a part that arrived before triage opened the
/// ticket, a callback that died half-way, or a transcription that never came (the ticket is
/// then opened without the caller's number once the grace period is over); and copies each
/// recording from Twilio, again on every run until Twilio hands it over. Run it on a timer.
/// </summary>
public sealed class VoicemailSweep(
    IVoicemailStore store,
    VoicemailTickets voicemails,
    IOptions<VoiceOptions> options,
    TimeProvider time,
    ILogger<VoicemailSweep> logger) : IScheduledJob
{
    public string Name => "VoicemailSweep";

    public string ScheduleSetting => "VoicemailSweepSchedule";

    /// <summary>Every minute: a late part should reach its ticket about as soon as triage has opened it.</summary>
    public string DefaultSchedule => "0 * * * * *";

    /// <summary>Every run looks at all unsettled voicemails, so a late run catches up by itself.</summary>
    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var filed = await RunAsync(cancellationToken);
        if (filed > 0)
        {
            logger.LogInformation("Voicemail sweep filed {Count} voicemail(s)", filed);
        }
    }

    /// <summary>Returns how many voicemails are now fully filed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromMinutes(options.Value.VoicemailGraceMinutes);
        var filed = 0;
        foreach (var record in await store.ListUnsettledAsync(cancellationToken))
        {
            var overdue = time.GetUtcNow() - record.FirstSeenAt >= grace;
            try
            {
                var progress = await voicemails.FileAsync(record.CallSid, withoutCaller: overdue, cancellationToken);
                if (progress == VoicemailProgress.Filed && record.AwaitsAudio)
                {
                    progress = await voicemails.KeepRecordingAsync(record.CallSid, cancellationToken);
                }

                if (progress == VoicemailProgress.Filed)
                {
                    filed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad record must not stop the others; it stays unsettled for the next run.
                logger.LogError(ex, "Voicemail {CallSid} could not be filed", record.CallSid);
            }
        }

        return filed;
    }
}
