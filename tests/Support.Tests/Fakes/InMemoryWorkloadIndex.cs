using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>The workload index in memory, with the table index's semantics; keeps every change it was given.</summary>
public sealed class InMemoryWorkloadIndex : IWorkloadIndex
{
    private readonly Dictionary<string, string> _activeFor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastAssigned = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<WorkloadChange> _changes = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<WorkloadChange> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    public Task RecordAsync(WorkloadChange change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _changes.Add(change);
            if (change.ActiveFor is { } assignee)
            {
                _activeFor[change.Reference] = assignee;
            }
            else
            {
                _activeFor.Remove(change.Reference);
            }

            if (change.Assigned is { } assigned)
            {
                _lastAssigned[assigned.PersonId] = assigned.At;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var answer = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in personIds)
            {
                var active = _activeFor.Values.Count(a => string.Equals(a, id, StringComparison.OrdinalIgnoreCase));
                answer[id] = new AssigneeLoad(active, _lastAssigned.TryGetValue(id, out var at) ? at : null);
            }

            return Task.FromResult<IReadOnlyDictionary<string, AssigneeLoad>>(answer);
        }
    }
}
