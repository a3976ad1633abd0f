using Support.Core.Ports;

namespace Support.Tests.Fakes;

/// <summary>Contact links in memory, kept for both keys of a pair as the table keeps them.</summary>
public sealed class InMemoryContactLinks : IContactLinks
{
    private readonly Dictionary<(string Key, string Other), ContactLink> _links = [];
    private readonly Lock _lock = new();

    public Task<IReadOnlyList<ContactLink>> ForAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ContactLink>>([.. _links.Values.Where(l => l.Key == key)]);
        }
    }

    public Task SetAsync(ContactLink link, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _links[(link.Key, link.Other)] = link;
            _links[(link.Other, link.Key)] = link with { Key = link.Other, Other = link.Key };
        }

        return Task.CompletedTask;
    }
}
