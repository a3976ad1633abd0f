using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;

namespace Support.Functions.Hosting;

/// <summary>
/// Queues on Service Bus. The message id is the caller's stable id, so the intake queue's
/// duplicate detection drops a re-send of the same inquiry. One sender per queue for the life of
/// the app: a sender is thread-safe and owns its AMQP link, which is costly to open per message.
/// </summary>
public sealed class ServiceBusQueuePublisher(ServiceBusClient client) : IQueuePublisher
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public Task PublishAsync(string queue, BinaryData body, string messageId, CancellationToken cancellationToken) =>
        _senders.GetOrAdd(queue, client.CreateSender)
            .SendMessageAsync(new ServiceBusMessage(body) { MessageId = messageId, ContentType = "application/json" }, cancellationToken);

    /// <summary>Enqueues <paramref name="message"/> to become visible at <paramref name="at"/> (a retry's back-off).</summary>
    public Task ScheduleAsync(string queue, ServiceBusMessage message, DateTimeOffset at, CancellationToken cancellationToken) =>
        _senders.GetOrAdd(queue, client.CreateSender).ScheduleMessageAsync(message, at, cancellationToken);
}

public static class ServiceBusQueues
{
    /// <summary>
    /// The publisher, on the same settings as the triggers' <see cref="QueueSettlement.Connection"/>:
    /// <c>ServiceBusConnection__fullyQualifiedNamespace</c>, and <c>ServiceBusConnection__clientId</c>
    /// naming the user-assigned identity (absent locally, where the developer's own sign-in is used).
    /// </summary>
    public static IServiceCollection AddServiceBusQueues(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ =>
        {
            var section = configuration.GetSection(QueueSettlement.Connection);
            var fullyQualifiedNamespace = section["fullyQualifiedNamespace"];
            if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
            {
                throw new InvalidOperationException($"The {QueueSettlement.Connection}__fullyQualifiedNamespace setting is missing.");
            }

            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = section["clientId"] });
            return new ServiceBusClient(fullyQualifiedNamespace, credential, new ServiceBusClientOptions
            {
                // Fail fast like the storage clients: intake answers 503 within seconds when Service Bus is down, not after minutes.
                RetryOptions = new ServiceBusRetryOptions
                {
                    Mode = ServiceBusRetryMode.Exponential,
                    MaxRetries = 3,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(2),
                    TryTimeout = TimeSpan.FromSeconds(10),
                },
            });
        });
        services.AddSingleton<ServiceBusQueuePublisher>();
        services.AddSingleton<IQueuePublisher>(sp => sp.GetRequiredService<ServiceBusQueuePublisher>());
        return services;
    }
}
