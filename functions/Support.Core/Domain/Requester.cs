namespace Support.Core.Domain;

/// <summary>Who an inquiry came from. Email is stored lower-case; phone is E.164 when known.</summary>
public sealed record Requester(string? Name, string? Email, string? Phone)
{
    public string Display => Name ?? Email ?? Phone ?? "unknown";
}
