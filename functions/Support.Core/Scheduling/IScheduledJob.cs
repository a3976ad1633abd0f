namespace Support.Core.Scheduling;

/// <summary>
/// A job run on a schedule: a timer trigger in the Functions app, a local timer in Support.Local.
/// Both call <see cref="RunAsync"/>; time inside a job comes from <see cref="TimeProvider"/>.
/// Jobs are safe to run twice at once and to re-run after a failure.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Stable name, used in logs and as the timer function's name.</summary>
    string Name { get; }

    /// <summary>
    /// The setting holding the NCRONTAB schedule (six fields, with seconds), e.g. <c>SlaSweepSchedule</c>.
    /// A flat name (no <c>__</c>): the Functions host resolves a timer's <c>%name%</c> by looking the name
    /// up literally in its configuration, where an app setting <c>A__B</c> is stored as <c>A:B</c>.
    /// </summary>
    string ScheduleSetting { get; }

    /// <summary>The schedule used when the setting is absent.</summary>
    string DefaultSchedule { get; }

    /// <param name="isPastDue">The run is late (the host was down or busy): catch up on everything due since.</param>
    Task RunAsync(bool isPastDue, CancellationToken cancellationToken);
}
