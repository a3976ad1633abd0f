using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;

namespace Support.Functions.Triggers;

/// <summary>One timer per scheduled job, named after the job; schedules come from app settings.</summary>
public sealed class TimerTriggers(ScheduledJobs jobs)
{
    [Function("SlaSweep")]
    public Task SlaSweepAsync([TimerTrigger("%SlaSweepSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("PendingAutoClose")]
    public Task PendingAutoCloseAsync([TimerTrigger("%PendingAutoCloseSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("RotationHandoff")]
    public Task RotationHandoffAsync([TimerTrigger("%RotationHandoffSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("VoicemailSweep")]
    public Task VoicemailSweepAsync([TimerTrigger("%VoicemailSweepSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("DailyDigest")]
    public Task DailyDigestAsync([TimerTrigger("%DailyDigestSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    // Also on demand: POST /admin/functions/TriageRetrain with the host's master key.
    [Function("TriageRetrain")]
    public Task TriageRetrainAsync([TimerTrigger("%TriageRetrainSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("WeeklyPapercuts")]
    public Task WeeklyPapercutsAsync([TimerTrigger("%PapercutsSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("BookingReminders")]
    public Task BookingRemindersAsync([TimerTrigger("%BookingRemindersSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);

    [Function("WelcomeMail")]
    public Task WelcomeMailAsync([TimerTrigger("%WelcomeMailSchedule%")] TimerInfo timer, FunctionContext context) =>
        jobs.RunAsync(timer, context);
}
