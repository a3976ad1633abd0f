using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Local.Queues;

namespace Support.IntegrationTests.Reliability;

/// <summary>Test service registrations that make one pipeline step hang or fail, wrapping the real implementation.</summary>
public static class Faults
{
    /// <summary>The host serves HTTP but handles no queue message (the pumps are not started).</summary>
    public static void NoQueuePump(IServiceCollection services)
    {
        var pump = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(QueuePump));
        services.Remove(pump);
    }

    /// <summary>Assignment waits until the host stops: the host "dies" with the ticket triaged and its assignment message taken.</summary>
    public static void AssignmentHangs(IServiceCollection services) =>
        services.AddSingleton<IAssignmentPolicy>(sp => new HangingPolicy(ActivatorUtilities.CreateInstance<RosterAssignmentPolicy>(sp)));

    /// <summary>Assignment always throws, as a bug or a broken dependency would.</summary>
    public static void AssignmentThrows(IServiceCollection services) =>
        services.AddSingleton<IAssignmentPolicy>(new ThrowingPolicy());

    /// <summary>Sending mail waits until the host stops: the host "dies" in the middle of sending, after claiming the mail.</summary>
    public static void MailHangs(IServiceCollection services) =>
        services.AddSingleton<IMailSender>(new HangingMailSender());

    private sealed class HangingPolicy(IAssignmentPolicy inner) : IAssignmentPolicy
    {
        public async Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return await inner.ChooseAsync(ticket, roster, now, cancellationToken);
        }
    }

    private sealed class ThrowingPolicy : IAssignmentPolicy
    {
        public const string Message = "assignment policy broken for this test";

        public Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Message);
    }

    private sealed class HangingMailSender : IMailSender
    {
        public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return MailSendResult.Sent;
        }
    }
}
