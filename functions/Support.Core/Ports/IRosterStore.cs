using Support.Core.Roster;

namespace Support.Core.Ports;

public interface IRosterStore
{
    Task<RosterDocument> GetAsync(CancellationToken cancellationToken);

    Task SaveAsync(RosterDocument roster, CancellationToken cancellationToken);
}
