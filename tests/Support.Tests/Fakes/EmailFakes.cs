using System.Collections.Concurrent;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Tests.Fakes;

public sealed class InMemoryAcknowledgementTimes : IAcknowledgementTimes
{
    private readonly ConcurrentDictionary<(string Address, DateTimeOffset Window, int Slot), bool> _slots = new();

    public Task<bool> TryClaimAsync(string address, DateTimeOffset window, int slot, CancellationToken cancellationToken) =>
        Task.FromResult(_slots.TryAdd((address.ToLowerInvariant(), window, slot), true));

    public Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        Task.FromResult(_slots.Keys.Where(k => k.Window < before).Count(k => _slots.TryRemove(k, out _)));
}

public sealed class InMemoryReceivedMailIndex : IReceivedMailIndex
{
    private readonly ConcurrentDictionary<string, string> _tickets = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Tickets => _tickets;

    public Task<string?> FindTicketAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(_tickets.GetValueOrDefault(messageId));

    public Task RememberAsync(string messageId, string reference, CancellationToken cancellationToken)
    {
        _tickets.TryAdd(messageId, reference);
        return Task.CompletedTask;
    }
}
