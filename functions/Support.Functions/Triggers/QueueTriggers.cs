using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Support.Core.Queues;
using Support.Functions.Hosting;

namespace Support.Functions.Triggers;

/// <summary>One trigger per queue in <see cref="QueueNames.All"/>, each settled by <see cref="QueueSettlement"/>.</summary>
public sealed class QueueTriggers(QueueSettlement settlement)
{
    [Function("TriageInquiry")]
    public Task TriageInquiryAsync(
        [ServiceBusTrigger(QueueNames.Inquiries, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.Inquiries, message, actions, cancellationToken);

    [Function("AssignTicket")]
    public Task AssignTicketAsync(
        [ServiceBusTrigger(QueueNames.Assignments, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.Assignments, message, actions, cancellationToken);

    [Function("HandleSlaDue")]
    public Task HandleSlaDueAsync(
        [ServiceBusTrigger(QueueNames.SlaDue, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.SlaDue, message, actions, cancellationToken);

    [Function("SendOutboundReply")]
    public Task SendOutboundReplyAsync(
        [ServiceBusTrigger(QueueNames.Outbound, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.Outbound, message, actions, cancellationToken);

    [Function("FileGitHubIssue")]
    public Task FileGitHubIssueAsync(
        [ServiceBusTrigger(QueueNames.Engineering, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.Engineering, message, actions, cancellationToken);

    [Function("PostToChat")]
    public Task PostToChatAsync(
        [ServiceBusTrigger(QueueNames.Chat, Connection = QueueSettlement.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken) =>
        settlement.HandleAsync(QueueNames.Chat, message, actions, cancellationToken);
}
