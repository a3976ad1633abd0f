using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;


namespace Support.Tests.Fakes;

/// <summary>The workload as the port promises it, computed from the tickets in the store.</summary>
public sealed class StoreWorkload(InMemoryTicketStore store) : IAssigneeWorkload
{
    public Dictionary<string, DateTimeOffset> EarlierAssignments { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who each read asked about, and up to which count.</summary>
    public List<(IReadOnlyCollection<string> People, int CountUpTo)> Reads { get; } = [];

    public Task<IReadOnlyDictionary<string, AssigneeLoad>> GetAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken, int countUpTo = int.MaxValue)
    {
        Reads.Add(([.. personIds], countUpTo));
        var answer = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in personIds)
        {
            var theirs = store.All.Where(t => string.Equals(t.Assignee, id, StringComparison.OrdinalIgnoreCase)).ToList();
            DateTimeOffset? last = theirs.Select(t => t.AssignedAt).Append(EarlierAssignments.TryGetValue(id, out var at) ? at : null).Max();
            answer[id] = new AssigneeLoad(Math.Min(theirs.Count(t => TicketStatusMachine.IsWaitingOnUs(t.Status)), countUpTo), last);
        }

        return Task.FromResult<IReadOnlyDictionary<string, AssigneeLoad>>(answer);
    }
}

public sealed class InMemoryHandoffStore : IRotationHandoffStore
{
    private readonly Dictionary<SupportRole, RotationHandoffState> _rows = [];
    private readonly Lock _gate = new();
    private int _version;

    public Task<RotationHandoffState?> GetAsync(SupportRole role, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(role));
        }
    }

    public Task<RotationHandoffState?> TrySaveAsync(RotationHandoffState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var stored = _rows.GetValueOrDefault(state.Role);
            if (stored?.ETag != state.ETag)
            {
                return Task.FromResult<RotationHandoffState?>(null);
            }

            var saved = state with { ETag = $"h{++_version}" };
            _rows[state.Role] = saved;
            return Task.FromResult<RotationHandoffState?>(saved);
        }
    }
}

internal sealed class CapturingMailSender : IMailSender
{
    private readonly ConcurrentQueue<OutgoingMail> _sent = new();

    public IReadOnlyList<OutgoingMail> Sent => [.. _sent];

    /// <summary>The next send fails as an unreachable provider would.</summary>
    public bool FailNext { get; set; }

    public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        // Gives overlapping runs the chance to interleave, as a real provider call would.
        await Task.Yield();
        if (FailNext)
        {
            FailNext = false;
            throw new HttpRequestException("mail provider unreachable");
        }

        _sent.Enqueue(mail);
        return MailSendResult.Sent;
    }
}

internal static class TestMail
{
    public static MailComposer Composer() => new(Options.Create(new MailOptions()), Options.Create(new SiteOptions()), Options.Create(new Support.Core.Bookings.BookingOptions()));
}
