namespace Support.Core.Contracts;

/// <summary>On <c>sla-due</c>: a ticket with an SLA target that needs a warning or a breach recorded now.</summary>
public sealed record SlaDueMessage(int V, string Reference) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public static SlaDueMessage For(string reference) => new(CurrentVersion, reference);
}
