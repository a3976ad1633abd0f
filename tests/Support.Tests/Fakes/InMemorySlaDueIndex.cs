using Support.Core.Ports;
using Support.Core.Sla;

namespace Support.Tests.Fakes;

/// <summary>The SLA due index in memory, with the table index's semantics (upsert, due by time, remove ignores missing).</summary>
public sealed class InMemorySlaDueIndex : ISlaDueIndex
{
    private readonly HashSet<SlaDueEntry> _entries = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<SlaDueEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public Task AddAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.UnionWith(entries);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlaDueEntry>> DueAsync(DateTimeOffset upTo, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SlaDueEntry>>([.. _entries.Where(e => e.At <= upTo).OrderBy(e => e.At).Take(max)]);
        }
    }

    public Task RemoveAsync(IReadOnlyList<SlaDueEntry> entries, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.ExceptWith(entries);
        }

        return Task.CompletedTask;
    }
}
