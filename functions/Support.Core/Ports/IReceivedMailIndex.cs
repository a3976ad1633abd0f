namespace Support.Core.Ports;

/// <summary>
/// The Message-IDs of the mails we received, by the ticket they went to. Our own Message-IDs name
/// their ticket; a customer's reply to a Cc'd colleague's mail only points at mail we received.
/// </summary>
public interface IReceivedMailIndex
{
    /// <summary>The reference of the ticket the mail <paramref name="messageId"/> (without brackets) was recorded on; null when unknown.</summary>
    Task<string?> FindTicketAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Remembers that <paramref name="messageId"/> was recorded on <paramref name="reference"/>; idempotent.</summary>
    Task RememberAsync(string messageId, string reference, CancellationToken cancellationToken);
}
