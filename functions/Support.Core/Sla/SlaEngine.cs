using Support.Core.Calendars;
using Support.Core.Domain;

namespace Support.Core.Sla;

/// <summary>
/// Works out a ticket's SLA targets from the policy and what has happened on the ticket, starting
/// from the targets it already has: a running target keeps its due time unless the rule behind it
/// changed, and then the new target counts from the change (never back-dating a breach). Resolution
/// pauses while the ticket is Pending and after it is Solved, and resumes with what was left.
/// </summary>
public sealed class SlaEngine(SlaPolicy policy) : ISlaPolicy
{
    private const double WarnFraction = 0.75;

    private static readonly Lazy<SlaEngine> BuiltIn = new(() => new SlaEngine(SlaPolicy.Load(new SlaOptions(), Calendars.RegionPolicy.LoadEmbedded())));

    /// <summary>The engine over the built-in policy and regions.</summary>
    public static SlaEngine Default => BuiltIn.Value;

    public SlaPolicy Policy => policy;

    /// <summary>The targets the ticket should have at <paramref name="now"/>; the same list when nothing changed.</summary>
    public IReadOnlyList<SlaTargetState> Compute(Ticket ticket, DateTimeOffset now)
    {
        if (!ticket.Triaged)
        {
            return ticket.Sla;
        }

        var rule = policy.RuleFor(ticket);
        var calendar = policy.CalendarFor(ticket.Region);
        var existing = ticket.Sla.ToDictionary(t => t.Target, StringComparer.Ordinal);
        var result = new List<SlaTargetState>();

        if (policy.AcknowledgeByEndOfBusinessDay)
        {
            Add(result, Acknowledgement(ticket, existing.GetValueOrDefault(SlaTargets.Acknowledgement), calendar));
        }

        Add(result, FirstResponse(ticket, existing.GetValueOrDefault(SlaTargets.FirstResponse), rule, calendar, now));
        Add(result, NextResponse(ticket, existing.GetValueOrDefault(SlaTargets.NextResponse), rule, calendar, now));
        Add(result, Resolution(ticket, existing.GetValueOrDefault(SlaTargets.Resolution), rule, calendar, now));

        return result.SequenceEqual(ticket.Sla) ? ticket.Sla : result;
    }

    /// <summary>Recomputes the targets onto the ticket; true when they changed.</summary>
    public bool Refresh(Ticket ticket, DateTimeOffset now)
    {
        var targets = Compute(ticket, now);
        if (ReferenceEquals(targets, ticket.Sla))
        {
            return false;
        }

        ticket.SetSla(targets, now);
        return true;
    }

    public SlaDue FirstResponse(Ticket ticket)
    {
        var rule = policy.RuleFor(ticket);
        var calendar = policy.CalendarFor(ticket.Region);
        if (rule?.FirstResponse is not { } spec)
        {
            return new SlaDue(SlaTargets.FirstResponse, calendar.EndOfBusinessDay(ticket.CreatedAt), "by the end of the business day");
        }

        var stored = ticket.Sla.FirstOrDefault(t => t.Target == SlaTargets.FirstResponse);
        return new SlaDue(SlaTargets.FirstResponse, stored?.Due ?? spec.DueFrom(ticket.CreatedAt, calendar), spec.Promise);
    }

    /// <summary>The promise for a target ("within 8 business hours"), for mail.</summary>
    public string? PromiseFor(Ticket ticket, string target)
    {
        var rule = policy.RuleFor(ticket);
        return target switch
        {
            SlaTargets.FirstResponse => rule?.FirstResponse?.Promise,
            SlaTargets.NextResponse => rule?.NextResponse?.Promise,
            SlaTargets.Resolution => rule?.Resolution?.Promise,
            SlaTargets.Acknowledgement => "by the end of the business day",
            _ => null,
        };
    }

    private static void Add(List<SlaTargetState> list, SlaTargetState? target)
    {
        if (target is not null)
        {
            list.Add(target);
        }
    }

    private static SlaTargetState? Acknowledgement(Ticket ticket, SlaTargetState? existing, BusinessCalendar calendar)
    {
        var state = existing ?? new SlaTargetState(SlaTargets.Acknowledgement, calendar.EndOfBusinessDay(ticket.CreatedAt))
        {
            Started = ticket.CreatedAt,
            Basis = "end of business day",
        };
        if (state.Due is not { } due)
        {
            // Finished unmet earlier (closed before anyone acted): nothing runs any more.
            return state;
        }

        state = state with { Budget = calendar.Between(ticket.CreatedAt, due) };
        state = state with { WarnAt = state.WarnAt ?? calendar.Advance(ticket.CreatedAt, state.Budget.Value * WarnFraction) };

        if (state.MetAt is null && FirstPersonAction(ticket) is { } acknowledged)
        {
            return state with { MetAt = acknowledged };
        }

        return state.MetAt is null && IsFinished(ticket) ? state with { Due = null } : state;
    }

    private static SlaTargetState? FirstResponse(Ticket ticket, SlaTargetState? existing, SlaRule? rule, BusinessCalendar calendar, DateTimeOffset now)
    {
        var firstReply = ticket.Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.StaffReply)?.At;
        if (existing is { MetAt: not null })
        {
            return existing;
        }

        if (rule?.FirstResponse is not { } spec)
        {
            return existing is { BreachedAt: not null } ? existing with { Due = null } : null;
        }

        var basis = Basis(rule, spec);
        var state = existing switch
        {
            null => Start(SlaTargets.FirstResponse, spec, calendar, ticket.CreatedAt, basis),
            _ when existing.Basis != basis => Start(SlaTargets.FirstResponse, spec, calendar, now, basis) with { BreachedAt = existing.BreachedAt },
            _ => existing,
        };

        if (firstReply is { } met)
        {
            return state with { MetAt = met };
        }

        return IsFinished(ticket) ? state with { Due = null } : state;
    }

    private static SlaTargetState? NextResponse(Ticket ticket, SlaTargetState? existing, SlaRule? rule, BusinessCalendar calendar, DateTimeOffset now)
    {
        var lastReply = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.StaffReply);
        if (lastReply is null)
        {
            // Until the first reply, the first-response target covers the customer's messages.
            return existing;
        }

        var lastReplyIndex = ticket.Timeline.ToList().LastIndexOf(lastReply);
        var oldestUnanswered = ticket.Timeline.Skip(lastReplyIndex + 1).FirstOrDefault(e => e.Type == TimelineEventTypes.CustomerMessage)?.At;
        if (oldestUnanswered is not { } askedAt)
        {
            // Answered: the cycle that was running is met by the last reply.
            return existing is { MetAt: null, Started: { } started } && lastReply.At >= started
                ? existing with { MetAt = lastReply.At }
                : existing;
        }

        if (rule?.NextResponse is not { } spec || IsFinished(ticket))
        {
            return existing is { MetAt: null } ? existing with { Due = null } : existing;
        }

        var basis = Basis(rule, spec);
        if (existing is null || existing.MetAt is not null || existing.Due is null)
        {
            // A question after the last answer starts a new cycle, counted from the question.
            return Start(SlaTargets.NextResponse, spec, calendar, askedAt, basis);
        }

        return existing.Basis != basis
            ? Start(SlaTargets.NextResponse, spec, calendar, now, basis) with { BreachedAt = existing.BreachedAt }
            : existing;
    }

    private static SlaTargetState? Resolution(Ticket ticket, SlaTargetState? existing, SlaRule? rule, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (rule?.Resolution is not { } spec)
        {
            return existing is { BreachedAt: not null } or { MetAt: not null } ? existing with { Due = null } : null;
        }

        var counts = spec.CountsOn(calendar);
        var basis = Basis(rule, spec);
        var state = existing switch
        {
            null => Start(SlaTargets.Resolution, spec, calendar, ticket.CreatedAt, basis),
            _ when existing.Basis != basis && existing.MetAt is null =>
                Start(SlaTargets.Resolution, spec, calendar, now, basis) with { BreachedAt = existing.BreachedAt },
            _ => existing,
        };

        var pending = ticket.Status == TicketStatus.Pending;
        var finished = IsFinished(ticket);
        if (pending && state is { Due: { } due, MetAt: null })
        {
            var pausedAt = ticket.LastMovedTo(TicketStatus.Pending) ?? now;
            state = state with { Due = null, WarnAt = null, Remaining = counts.Between(pausedAt, due) };
        }
        else if (finished && state.MetAt is null)
        {
            var solvedAt = ticket.LastMovedTo(TicketStatus.Solved) ?? now;
            state = state with { MetAt = solvedAt, Remaining = state.Due is { } running ? counts.Between(solvedAt, running) : state.Remaining };
        }
        else if (!pending && !finished && state.Remaining is { } left)
        {
            var resumedAt = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.StatusChanged)?.At ?? now;
            var warnLeft = (state.Budget ?? left) * (1 - WarnFraction);
            state = state with
            {
                Due = counts.Advance(resumedAt, left),
                WarnAt = left > warnLeft ? counts.Advance(resumedAt, left - warnLeft) : null,
                Remaining = null,
                MetAt = null,
            };
        }

        return state;
    }

    private static SlaTargetState Start(string target, SlaDuration spec, BusinessCalendar calendar, DateTimeOffset start, string basis)
    {
        var counts = spec.CountsOn(calendar);
        var due = spec.DueFrom(start, calendar);
        var budget = counts.Between(start, due);
        return new SlaTargetState(target, due)
        {
            Started = start,
            Basis = basis,
            Budget = budget,
            WarnAt = counts.Advance(start, budget * WarnFraction),
        };
    }

    private static string Basis(SlaRule rule, SlaDuration spec) => $"{rule.Id}: {spec.Text}";

    private static bool IsFinished(Ticket ticket) => ticket.Status is TicketStatus.Solved or TicketStatus.Closed;

    /// <summary>The first thing a person (not the system, not the customer) did on the ticket: a reply or a status change.</summary>
    private static DateTimeOffset? FirstPersonAction(Ticket ticket) =>
        ticket.Timeline.FirstOrDefault(e =>
            e.Type is TimelineEventTypes.StaffReply
            || (e.Type == TimelineEventTypes.StatusChanged && e.Actor is not (Actors.System or Actors.Customer)))?.At;
}
