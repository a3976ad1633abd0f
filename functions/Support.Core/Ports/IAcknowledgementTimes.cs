using Support.Core.Email;

namespace Support.Core.Ports;

/// <summary>
/// The acknowledgements each address got, as numbered slots per window of <see cref="AcknowledgementRateLimit"/>:
/// taking a slot is one insert that either succeeds or finds it taken, so counting costs no read.
/// </summary>
public interface IAcknowledgementTimes
{
    /// <summary>Takes slot <paramref name="slot"/> of <paramref name="address"/> in the window starting at <paramref name="window"/>; false when it was taken already.</summary>
    Task<bool> TryClaimAsync(string address, DateTimeOffset window, int slot, CancellationToken cancellationToken);

    /// <summary>Deletes the slots of every window that started before <paramref name="before"/>; returns how many went.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
