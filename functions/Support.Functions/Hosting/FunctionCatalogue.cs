using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Support.Core.Queues;
using Support.Web;

namespace Support.Functions.Hosting;

/// <summary>
/// The app's functions as their attributes declare them, checked when the worker starts, before
/// the host is handed any: an HTTP function without a gate (or with an authorization level that
/// does not fit it), a queue without its trigger, a trigger that settles by itself, a timer
/// without its job or a job without its timer stops the app with every problem listed, instead
/// of leaving a webhook open, a queue unread or a job never run.
/// </summary>
public sealed class FunctionCatalogue
{
    private readonly Dictionary<string, Gate> _workerGates = new(StringComparer.Ordinal);

    /// <exception cref="InvalidOperationException">The functions in <paramref name="assembly"/> do not fit the rules above.</exception>
    public FunctionCatalogue(Assembly assembly, ScheduledJobs jobs)
    {
        var problems = new List<string>();
        var queues = new List<string>();
        var timers = new List<string>();
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            var triggers = method.GetParameters().SelectMany(p => p.GetCustomAttributes()).ToList();
            switch (triggers.OfType<HttpTriggerAttribute>().FirstOrDefault(), triggers.OfType<ServiceBusTriggerAttribute>().FirstOrDefault(), triggers.OfType<TimerTriggerAttribute>().FirstOrDefault())
            {
                case ({ } http, null, null):
                    AddHttp(function.Name, method.GetCustomAttribute<GatedAttribute>()?.Gate, http.AuthLevel, problems);
                    break;

                case (null, { } serviceBus, null):
                    queues.Add(serviceBus.QueueName ?? $"(a topic, in {function.Name})");
                    if (!SetsAutoCompleteOff(method) || serviceBus.Connection != QueueSettlement.Connection)
                    {
                        problems.Add($"{function.Name} must set AutoCompleteMessages = false and Connection = QueueSettlement.Connection.");
                    }

                    break;

                case (null, null, { } timer):
                    timers.Add(function.Name);
                    var job = jobs.All.FirstOrDefault(j => j.Name == function.Name);
                    if (job is null || timer.Schedule != $"%{job.ScheduleSetting}%" || timer.RunOnStartup)
                    {
                        problems.Add($"{function.Name} must be named like its IScheduledJob, take its schedule as %{job?.ScheduleSetting ?? "XxxSchedule"}% and not run on startup.");
                    }

                    break;

                default:
                    problems.Add($"{function.Name} has no trigger this app knows (HTTP, Service Bus or timer).");
                    break;
            }
        }

        problems.AddRange(QueueNames.All.Where(q => queues.Count(q.Equals) != 1).Select(q => $"Queue {q} needs exactly one Service Bus trigger."));
        problems.AddRange(queues.Except(QueueNames.All).Select(q => $"Queue {q} is not in QueueNames.All."));
        problems.AddRange(jobs.All.Where(j => !timers.Contains(j.Name)).Select(j => $"Scheduled job {j.Name} needs a timer function named {j.Name}."));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The Functions app is not wired up correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }
    }

    /// <summary>The gate the worker checks before <paramref name="function"/> runs; null when the host checks it (a function key) or it is no HTTP function.</summary>
    public Gate? WorkerGateOf(string function) => _workerGates.TryGetValue(function, out var gate) ? gate : null;

    // The attribute reads false when AutoCompleteMessages is left out, yet then the host's default (complete) applies: only an explicit false counts.
    private static bool SetsAutoCompleteOff(MethodInfo method) =>
        method.GetParameters().SelectMany(p => p.GetCustomAttributesData()).Any(a =>
            a.AttributeType == typeof(ServiceBusTriggerAttribute)
            && a.NamedArguments.Any(n => n.MemberName == nameof(ServiceBusTriggerAttribute.AutoCompleteMessages) && n.TypedValue.Value is false));

    private void AddHttp(string function, Gate? gate, AuthorizationLevel level, List<string> problems)
    {
        if (level is not (AuthorizationLevel.Anonymous or AuthorizationLevel.Function))
        {
            problems.Add($"{function} must use AuthorizationLevel.Function or Anonymous, not {level}.");
        }
        else if (FunctionsGates.Problem(function, gate, level == AuthorizationLevel.Function) is { } problem)
        {
            problems.Add(problem);
        }
        else if (FunctionsGates.CheckedInWorker(gate!.Value))
        {
            _workerGates.Add(function, gate.Value);
        }
    }
}
