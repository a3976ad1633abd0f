using NCrontab;
using Support.Core.Scheduling;

namespace Support.Local.Hosting;

/// <summary>
/// The local stand-in for timer triggers: runs every <see cref="IScheduledJob"/> on its NCRONTAB
/// schedule (read from the same setting the Functions app uses), one run of a job at a time. A
/// run that starts later than its slot is flagged past due, like <c>TimerInfo.IsPastDue</c>.
/// </summary>
public sealed class ScheduledJobRunner(
    IEnumerable<IScheduledJob> jobs,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ScheduledJobRunner> logger) : BackgroundService
{
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => Task.Run(() => RunForeverAsync(job, stoppingToken), stoppingToken)));

    public static CrontabSchedule ScheduleOf(IScheduledJob job, IConfiguration configuration)
    {
        // The Functions host resolves %name% by looking the name up as it is; a flat name reads the same here.
        var text = configuration[job.ScheduleSetting] ?? job.DefaultSchedule;
        return CrontabSchedule.Parse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    private async Task RunForeverAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        var schedule = ScheduleOf(job, configuration);
        var next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A timer cannot wait longer than about 49 days in one go; a yearly schedule waits a day at a time.
            for (var wait = next - time.GetUtcNow().UtcDateTime; wait > TimeSpan.Zero; wait = next - time.GetUtcNow().UtcDateTime)
            {
                try
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var isPastDue = time.GetUtcNow().UtcDateTime - next > PastDueAfter;
            try
            {
                await job.RunAsync(isPastDue, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next slot runs again from where the job's own state says it stopped; nothing is skipped for good.
                logger.LogError(ex, "Scheduled job {Job} failed; it runs again at its next slot", job.Name);
            }

            next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
        }
    }
}
