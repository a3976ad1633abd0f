namespace Support.Core.Sla;

/// <summary>Bound from the <c>Timers__*</c> settings (the schedules themselves are read by the hosts).</summary>
public sealed class TimersOptions
{
    public const string Section = "Timers";

    /// <summary>Most tickets one sweep hands on; the rest stay in the index for the next run.</summary>
    public int SlaSweepMaxTickets { get; set; } = 2_000;

    public double PendingNudgeAfterDays { get; set; } = 3;

    public double PendingSolveAfterDays { get; set; } = 5;

    public double SolvedCloseAfterDays { get; set; } = 4;
}
