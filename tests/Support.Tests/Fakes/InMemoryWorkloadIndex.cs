using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>The workload index in memory, with the table index's semantics; keeps every change it was given.</summary>
public sealed class InMemoryWorkloadIndex : IWorkloadIndex
{
    private readonly HashSet<(string Person, string Reference)> _active = new(new PersonAndReference());
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
            if (change is { ActiveFor: { } person, Cap: { } cap }
                && !_active.Contains((person, change.Reference))
                && _active.Count(a => string.Equals(a.Person, person, StringComparison.OrdinalIgnoreCase)) >= cap)
            {
                throw new WorkloadCapReachedException(person, cap);
            }

            _changes.Add(change);
            if (change.NoLongerActiveFor is { } former)
            {
                _active.Remove((former, change.Reference));
            }

            if (change.ActiveFor is { } assignee)
            {
                _active.Add((assignee, change.Reference));
            }

            if (change.Assigned is { } assigned)
            {
                _lastAssigned[assigned.PersonId] = assigned.At;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue)
    {
        lock (_lock)
        {
            var answer = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in personIds)
            {
                var active = _active.Count(a => string.Equals(a.Person, id, StringComparison.OrdinalIgnoreCase));
                answer[id] = new AssigneeLoad(Math.Min(active, countUpTo), _lastAssigned.TryGetValue(id, out var at) ? at : null);
            }

            return Task.FromResult<IReadOnlyDictionary<string, AssigneeLoad>>(answer);
        }
    }

    private sealed class PersonAndReference : IEqualityComparer<(string Person, string Reference)>
    {
        public bool Equals((string Person, string Reference) x, (string Person, string Reference) y) =>
            string.Equals(x.Person, y.Person, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Reference, y.Reference, StringComparison.Ordinal);

        public int GetHashCode((string Person, string Reference) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Person), StringComparer.Ordinal.GetHashCode(obj.Reference));
    }
}
