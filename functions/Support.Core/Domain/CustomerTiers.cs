namespace Support.Core.Domain;

/// <summary>
/// Customer tiers by the requester's email domain (or a subdomain of it). Defined once, in the SLA
/// policy's <c>tiers</c>: triage reads them (a tier can raise severity) as the SLA does (a tier can
/// have its own targets), so a customer is never VIP to one and standard to the other.
/// </summary>
public interface ICustomerTiers
{
    /// <summary>The tier of a requester with this address; null when their domain is in none.</summary>
    string? TierOf(string? email);
}
