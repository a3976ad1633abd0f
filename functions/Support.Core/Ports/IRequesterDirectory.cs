using Support.Core.Domain;

namespace Support.Core.Ports;

/// <summary>Known requesters by phone, so a call lands on the same person as their emails and web forms.</summary>
public interface IRequesterDirectory
{
    /// <summary>The requester whose phone is <paramref name="e164"/> (exact E.164 match); null when nobody is known by it.</summary>
    Task<Requester?> FindByPhoneAsync(string e164, CancellationToken cancellationToken);
}
