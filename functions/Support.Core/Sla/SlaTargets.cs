namespace Support.Core.Sla;

/// <summary>The names of the SLA targets, as stored on tickets and shown in the staff API.</summary>
public static class SlaTargets
{
    public const string Acknowledgement = "acknowledgement";
    public const string FirstResponse = "first-response";
    public const string NextResponse = "next-response";
    public const string Resolution = "resolution";
}

/// <summary>Timeline event types written by the timers.</summary>
public static class TimerEventTypes
{
    public const string SlaWarning = "sla-warning";
    public const string SlaBreached = "sla-breached";
    public const string Escalated = "escalated";
    public const string PendingNudged = "pending-nudged";
    public const string AutoSolvedNotified = "auto-solved-notified";
}
