namespace Support.Core.Ports;

public interface IQueuePublisher
{
    /// <summary>
    /// Puts a message on a queue. <paramref name="messageId"/> is stable for the same logical
    /// message, so a broker with duplicate detection drops a re-send.
    /// </summary>
    Task PublishAsync(string queue, BinaryData body, string messageId, CancellationToken cancellationToken);
}
