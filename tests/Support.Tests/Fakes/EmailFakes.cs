using System.Collections.Concurrent;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Tests.Fakes;

public sealed class InMemoryAcknowledgementTimes : IAcknowledgementTimes
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<DateTimeOffset> Times, int Version)> _rows = new(StringComparer.OrdinalIgnoreCase);

    public Task<AcknowledgementTimes> GetAsync(string address, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(address, out var row)
            ? new AcknowledgementTimes(address, row.Times, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new AcknowledgementTimes(address, [], null));

    public Task<bool> TrySaveAsync(AcknowledgementTimes previous, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            var current = _rows.TryGetValue(previous.Address, out var row) ? row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (current != previous.ETag)
            {
                return Task.FromResult(false);
            }

            _rows[previous.Address] = (times, row.Version + 1);
            return Task.FromResult(true);
        }
    }
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
