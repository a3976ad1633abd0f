using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Support.Core.Scheduling;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests.Hosting;

public sealed class ScheduledJobRunnerTests
{
    [Fact]
    public async Task A_job_scheduled_months_ahead_waits_for_its_slot_and_then_runs()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var job = new YearlyJob();
        using var runner = new ScheduledJobRunner([job], new ConfigurationBuilder().Build(), time, NullLogger<ScheduledJobRunner>.Instance);
        await runner.StartAsync(TestContext.Current.CancellationToken);

        // 1 July is 150 days ahead: more than one timer can wait. Walk there a day at a time.
        for (var day = 0; day < 149; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            await Task.Yield();
        }

        Assert.Equal(0, job.Runs);
        Assert.False(runner.ExecuteTask!.IsFaulted, runner.ExecuteTask.Exception?.ToString());

        // The runner may set its next timer just after the clock moved: keep the clock moving until the slot is reached.
        await Eventually.GetAsync(
            () =>
            {
                time.Advance(TimeSpan.FromHours(1));
                return Task.FromResult<YearlyJob?>(job.Runs > 0 ? job : null);
            },
            "the job to run on 1 July");
        Assert.Equal(1, job.Runs);
        await runner.StopAsync(TestContext.Current.CancellationToken);
    }

    private sealed class YearlyJob : IScheduledJob
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Name => "yearly";

        public string ScheduleSetting => "YearlyTestSchedule";

        public string DefaultSchedule => "0 0 0 1 7 *";

        public Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.CompletedTask;
        }
    }
}
