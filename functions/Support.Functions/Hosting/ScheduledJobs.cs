using Microsoft.Azure.Functions.Worker;
using Support.Core.Scheduling;

namespace Support.Functions.Hosting;

/// <summary>
/// The <see cref="IScheduledJob"/>s by name. A timer function is named like its job, so its body
/// is one call: <c>jobs.RunAsync(timer, context)</c>.
/// </summary>
public sealed class ScheduledJobs(IEnumerable<IScheduledJob> jobs)
{
    private readonly Dictionary<string, IScheduledJob> _byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IScheduledJob> All => _byName.Values;

    /// <summary>Runs the job named like the timer function that fired; a late run catches up.</summary>
    public Task RunAsync(TimerInfo timer, FunctionContext context) =>
        _byName[context.FunctionDefinition.Name].RunAsync(timer.IsPastDue, context.CancellationToken);
}
