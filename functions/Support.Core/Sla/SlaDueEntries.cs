using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Sla;

public static class SlaDueEntries
{
    public static readonly TimeSpan LastWarning = TimeSpan.FromMinutes(15);

    /// <summary>The moments the running targets of <paramref name="ticket"/> need the sweep.</summary>
    public static IEnumerable<SlaDueEntry> For(Ticket ticket) => For(ticket.Reference, ticket.Sla);

    public static IEnumerable<SlaDueEntry> For(string reference, IEnumerable<SlaTargetState> targets)
    {
        foreach (var target in targets)
        {
            if (target is not { Due: { } due, MetAt: null, BreachedAt: null })
            {
                continue;
            }

            if (target.WarnAt is { } warnAt && warnAt < due - LastWarning)
            {
                yield return new SlaDueEntry(warnAt, reference, target.Target, SlaAction.Warn75);
            }

            yield return new SlaDueEntry(due - LastWarning, reference, target.Target, SlaAction.Warn15);
            yield return new SlaDueEntry(due, reference, target.Target, SlaAction.Breach);
        }
    }
}
