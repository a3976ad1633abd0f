using Support.Core.Ports;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Tests.Fakes;

public static class TicketWriters
{
    /// <summary>The production writer over <paramref name="store"/>, with in-memory indexes unless given.</summary>
    public static TicketWriter Over(ITicketStore store, TimeProvider? time = null, ISlaDueIndex? dueIndex = null, IWorkloadIndex? workload = null) =>
        new(store, SlaEngine.Default, dueIndex ?? new InMemorySlaDueIndex(), workload ?? new InMemoryWorkloadIndex(), time ?? TimeProvider.System);
}
